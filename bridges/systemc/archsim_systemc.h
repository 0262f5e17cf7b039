/* archsim_systemc.h - an archsim memory hierarchy as a SystemC TLM-2.0
 * target: a SystemC initiator (a virtual platform's CPU model, a DMA) sends
 * loosely-timed transactions (b_transport) into an archsim instance of type
 * `tlm_in`, whose `out` port is connected in the YAML to a cache, bus or
 * memory. Each transaction first brings archsim's time up to the
 * initiator's (sc_time_stamp() + the annotated delay, so temporal
 * decoupling works), then the access returns archsim's latency added to
 * the delay. archsim's caches hold tags, not data: the bridge keeps the
 * bytes in a sparse store of its own so reads return what was written.
 * transport_dbg reads and writes that store without timing; DMI is refused
 * (it would bypass the timing).
 *
 *     sim_t *s = sim_open("mem.yaml", &err);   // has  port: {type: tlm_in}
 *     archsim_sc::target::register_types(s, &err);
 *     archsim_sc::target mem("mem", s, "port");  // elaborates s
 *     cpu.socket.bind(mem.socket);
 *
 * Approximately-timed transactions (nb_transport_fw, the TLM-2.0 base
 * protocol's four phases) become archsim AT requests: BEGIN_REQ waits in a
 * payload event queue until its annotated time, then archsim is brought up
 * to it and the request is sent; END_REQ follows at once, or, when archsim's
 * target refuses (a full queue), when it takes the request after all
 * (request exclusion holds: the initiator waits for END_REQ). The response
 * comes back as BEGIN_RESP at the archsim time of the response, one at a
 * time (response exclusion: the next waits for END_RESP when the initiator
 * returned TLM_ACCEPTED). While requests are in flight a thread of the
 * module runs archsim event by event in step with SystemC time (sc_time of
 * archsim's next event, sim_next_event), so nothing is decoupled on this
 * path; data are copied when the request is accepted.
 *
 * Not covered: byte enables, streaming widths narrower than the data, the
 * timing annotation of an initiator's END_RESP (taken as at once), and the
 * other direction (an archsim initiator calling into a SystemC target). */
#ifndef ARCHSIM_SYSTEMC_H
#define ARCHSIM_SYSTEMC_H

#include <cstdint>
#include <deque>
#include <memory>
#include <unordered_map>
#include <systemc>
#include <tlm>
#include <tlm_utils/peq_with_cb_and_phase.h>
#include <tlm_utils/simple_target_socket.h>
#include <archsim/sim.h>
#include <archsim/sim_type.h>

namespace archsim_sc {

class target : public sc_core::sc_module {
public:
    tlm_utils::simple_target_socket<target> socket;

    /* sim must have the `tlm_in` type registered (register_types) and an
     * instance of it named `instance`; the constructor elaborates sim and
     * throws std::runtime_error with archsim's message when it cannot. */
    target(sc_core::sc_module_name name, sim_t *sim, const char *instance);

    /* Register the bridge's component types with a simulator before it is
     * elaborated. Returns 0 or a SIM_E* code with err filled. */
    static int register_types(sim_t *sim, sim_error *err);

    /* Bring archsim's time up to `t` (no-op when it is already there). */
    void sync(const sc_core::sc_time &t);
    /* archsim's time as a SystemC time. */
    sc_core::sc_time archsim_time() const;

    SC_HAS_PROCESS(target);

private:
    void b_transport(tlm::tlm_generic_payload &trans, sc_core::sc_time &delay);
    tlm::tlm_sync_enum nb_transport_fw(tlm::tlm_generic_payload &trans, tlm::tlm_phase &phase,
                                       sc_core::sc_time &delay);
    tlm::tlm_response_status refuse(const tlm::tlm_generic_payload &trans) const;
    void peq_cb(tlm::tlm_generic_payload &trans, const tlm::tlm_phase &phase);
    void begin_req(tlm::tlm_generic_payload &trans);
    void settle();
    void flush();
    void send_responses();
    void advance();
    static void on_accepted(void *user, void *cookie);
    static void on_done(void *user, void *cookie);
    unsigned int transport_dbg(tlm::tlm_generic_payload &trans);
    bool get_direct_mem_ptr(tlm::tlm_generic_payload &trans, tlm::tlm_dmi &dmi);
    void copy(uint64_t addr, unsigned char *data, unsigned int len, bool write);

    sim_t *sim_;
    sim_comp *comp_;
    double ps_per_unit_;            /* SystemC time resolution in ps */
    std::unordered_map<uint64_t, std::unique_ptr<unsigned char[]>> pages_;

    /* nb_transport */
    struct note {                   /* what archsim said during a run */
        bool done;                  /* false: accepted after a refusal */
        tlm::tlm_generic_payload *trans;
        uint64_t tick;
    };
    tlm_utils::peq_with_cb_and_phase<target> peq_;
    std::deque<note> notes_;
    std::deque<tlm::tlm_generic_payload *> waiting_;    /* BEGIN_REQ not sent yet */
    std::deque<std::pair<tlm::tlm_generic_payload *, uint64_t>> responses_;
    tlm::tlm_generic_payload *resp_open_ = nullptr;     /* BEGIN_RESP without END_RESP */
    int in_flight_ = 0;             /* requests between BEGIN_REQ and BEGIN_RESP */
    sc_core::sc_event work_;
};

} // namespace archsim_sc

#endif
