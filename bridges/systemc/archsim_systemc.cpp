/* bridges/systemc/archsim_systemc.cpp - the SystemC TLM-2.0 target in front
 * of an archsim hierarchy (see archsim_systemc.h). Time: archsim counts
 * picoseconds from 0 as SystemC does from 0, so "bring archsim up to the
 * initiator" is sim_run_for(SIM_UNTIL_TICKS) by the difference; a
 * transaction from behind archsim's time (another initiator ran further
 * ahead) is served at archsim's time and counted in tlm_in.behind.
 * nb_transport: archsim's calls back (accepted, done) happen inside
 * sim_run_for; they are noted and acted on after it returns, so that an
 * initiator's reaction (a new BEGIN_REQ from its END_REQ handler) never
 * re-enters archsim while it runs. */
#include <cmath>
#include <cstring>
#include <stdexcept>
#include <string>
#include "bridges/systemc/archsim_systemc.h"
#include "bridges/systemc/tlm_in.h"

namespace archsim_sc {

static const uint64_t PAGE = 4096;

int target::register_types(sim_t *sim, sim_error *err)
{
    if (sim_type_find(sim, tlm_in_type.name))
        return 0;
    return sim_register_type(sim, &tlm_in_type, err);
}

target::target(sc_core::sc_module_name name, sim_t *sim, const char *instance)
    : sc_core::sc_module(name), socket("socket"), sim_(sim), comp_(nullptr),
      peq_(this, &target::peq_cb)
{
    sim_error err;

    if (sim_elaborate(sim, &err))
        throw std::runtime_error(std::string("archsim: ") + err.message);
    comp_ = sim_find_comp(sim, instance);
    if (!comp_)
        throw std::runtime_error(std::string("archsim: no instance '") + instance + "'");
    if (sim_comp_type(comp_) != &tlm_in_type)
        throw std::runtime_error(std::string("archsim: '") + instance +
                                 "' is not of type tlm_in");
    ps_per_unit_ = sc_core::sc_get_time_resolution().to_seconds() * 1e12;
    socket.register_b_transport(this, &target::b_transport);
    socket.register_nb_transport_fw(this, &target::nb_transport_fw);
    socket.register_transport_dbg(this, &target::transport_dbg);
    socket.register_get_direct_mem_ptr(this, &target::get_direct_mem_ptr);
    struct tlm_in_handler h = { &target::on_accepted, &target::on_done, this };
    tlm_in_set_handler(comp_, &h);
    SC_THREAD(advance);
}

static uint64_t to_ps(const sc_core::sc_time &t, double ps_per_unit)
{
    if (ps_per_unit >= 1.0)
        return t.value() * (uint64_t)std::llround(ps_per_unit);
    return t.value() / (uint64_t)std::llround(1.0 / ps_per_unit);
}

void target::sync(const sc_core::sc_time &t)
{
    uint64_t want = to_ps(t, ps_per_unit_), now = sim_now(sim_);
    sim_error err;

    if (want > now && sim_run_for(sim_, SIM_UNTIL_TICKS, want - now, &err) < 0)
        SC_REPORT_ERROR("archsim", err.message);
}

sc_core::sc_time target::archsim_time() const
{
    return sc_core::sc_time((double)sim_now(sim_), sc_core::SC_PS);
}

void target::copy(uint64_t addr, unsigned char *data, unsigned int len, bool write)
{
    while (len) {
        uint64_t page = addr / PAGE, off = addr % PAGE;
        unsigned int k = (unsigned int)std::min<uint64_t>(len, PAGE - off);
        auto it = pages_.find(page);

        if (it != pages_.end()) {
            if (write)
                std::memcpy(it->second.get() + off, data, k);
            else
                std::memcpy(data, it->second.get() + off, k);
        } else if (write) {
            it = pages_.emplace(page, std::unique_ptr<unsigned char[]>(
                                          new unsigned char[PAGE]())).first;
            std::memcpy(it->second.get() + off, data, k);
        } else {
            std::memset(data, 0, k);        /* never written: zero */
        }
        addr += k;
        data += k;
        len -= k;
    }
}

/* What the bridge cannot serve (TLM_OK_RESPONSE: it can). */
tlm::tlm_response_status target::refuse(const tlm::tlm_generic_payload &trans) const
{
    if (trans.get_byte_enable_ptr())
        return tlm::TLM_BYTE_ENABLE_ERROR_RESPONSE;
    if (trans.get_streaming_width() < trans.get_data_length())
        return tlm::TLM_BURST_ERROR_RESPONSE;
    return tlm::TLM_OK_RESPONSE;
}

void target::b_transport(tlm::tlm_generic_payload &trans, sc_core::sc_time &delay)
{
    tlm::tlm_command cmd = trans.get_command();
    unsigned int len = trans.get_data_length();
    tlm::tlm_response_status bad = refuse(trans);
    uint64_t when, now;
    sim_tick lat;

    if (bad != tlm::TLM_OK_RESPONSE || cmd == tlm::TLM_IGNORE_COMMAND) {
        trans.set_response_status(bad);
        return;
    }
    when = to_ps(sc_core::sc_time_stamp() + delay, ps_per_unit_);
    sync(sc_core::sc_time_stamp() + delay);
    now = sim_now(sim_);
    lat = tlm_in_access(comp_, cmd == tlm::TLM_WRITE_COMMAND, trans.get_address(), len,
                        when < now);
    copy(trans.get_address(), trans.get_data_ptr(), len, cmd == tlm::TLM_WRITE_COMMAND);
    /* Served at archsim's time: from behind, the wait for it counts too. */
    delay += sc_core::sc_time((double)(lat + (now - std::min(when, now))), sc_core::SC_PS);
    trans.set_dmi_allowed(false);
    trans.set_response_status(tlm::TLM_OK_RESPONSE);
}

/* ------------------------------------------------------- nb_transport */

tlm::tlm_sync_enum target::nb_transport_fw(tlm::tlm_generic_payload &trans,
                                           tlm::tlm_phase &phase, sc_core::sc_time &delay)
{
    if (phase == tlm::BEGIN_REQ) {
        tlm::tlm_response_status bad = refuse(trans);

        if (bad != tlm::TLM_OK_RESPONSE || trans.get_command() == tlm::TLM_IGNORE_COMMAND) {
            trans.set_response_status(bad);
            return tlm::TLM_COMPLETED;          /* early completion */
        }
        if (trans.has_mm())
            trans.acquire();
        peq_.notify(trans, phase, delay);
        return tlm::TLM_ACCEPTED;
    }
    if (phase == tlm::END_RESP) {
        peq_.notify(trans, phase, delay);
        return tlm::TLM_COMPLETED;
    }
    SC_REPORT_ERROR("archsim", "nb_transport_fw: only BEGIN_REQ and END_RESP come forward");
    return tlm::TLM_COMPLETED;
}

void target::peq_cb(tlm::tlm_generic_payload &trans, const tlm::tlm_phase &phase)
{
    if (phase == tlm::BEGIN_REQ) {
        in_flight_++;
        settle();
        if (!waiting_.empty()) {
            waiting_.push_back(&trans);         /* the initiator did not wait for END_REQ */
        } else {
            begin_req(trans);
        }
        flush();
        work_.notify(sc_core::SC_ZERO_TIME);
    } else if (phase == tlm::END_RESP) {
        if (resp_open_ != &trans)
            SC_REPORT_ERROR("archsim", "nb_transport_fw: END_RESP for no open response");
        resp_open_ = nullptr;
        if (trans.has_mm())
            trans.release();
        send_responses();
    }
}

/* Offer trans to archsim now; on acceptance its data move and END_REQ goes
 * back. Refused: archsim calls on_accepted when it takes it. */
void target::begin_req(tlm::tlm_generic_payload &trans)
{
    uint64_t now = sim_now(sim_), sc = to_ps(sc_core::sc_time_stamp(), ps_per_unit_);
    bool write = trans.get_command() == tlm::TLM_WRITE_COMMAND;
    int rc = tlm_in_send(comp_, write, trans.get_address(), trans.get_data_length(), sc < now,
                         &trans);

    if (rc > 0)
        notes_.push_back(note{ false, &trans, now });
    else if (rc < 0)
        waiting_.push_front(&trans);
}

/* archsim up to SystemC's time, its events at that very tick included. */
void target::settle()
{
    uint64_t want = to_ps(sc_core::sc_time_stamp(), ps_per_unit_), now = sim_now(sim_);
    sim_error err;

    if (want >= now && sim_run_for(sim_, SIM_UNTIL_TICKS, want - now, &err) < 0)
        SC_REPORT_ERROR("archsim", err.message);
}

void target::on_accepted(void *user, void *cookie)
{
    target *t = static_cast<target *>(user);

    t->notes_.push_back(note{ false, static_cast<tlm::tlm_generic_payload *>(cookie),
                              sim_now(t->sim_) });
}

void target::on_done(void *user, void *cookie)
{
    target *t = static_cast<target *>(user);

    t->notes_.push_back(note{ true, static_cast<tlm::tlm_generic_payload *>(cookie),
                              sim_now(t->sim_) });
}

/* Act on what archsim said: END_REQ for requests it took (then the next
 * waiting one goes in), BEGIN_RESP for those it answered. */
void target::flush()
{
    uint64_t sc = to_ps(sc_core::sc_time_stamp(), ps_per_unit_);

    while (!notes_.empty()) {
        note n = notes_.front();

        notes_.pop_front();
        if (n.done) {
            responses_.emplace_back(n.trans, n.tick);
            in_flight_--;
            continue;
        }
        tlm::tlm_generic_payload &trans = *n.trans;
        tlm::tlm_phase ph = tlm::END_REQ;
        sc_core::sc_time d((double)(n.tick > sc ? n.tick - sc : 0), sc_core::SC_PS);

        copy(trans.get_address(), trans.get_data_ptr(), trans.get_data_length(),
             trans.get_command() == tlm::TLM_WRITE_COMMAND);
        socket->nb_transport_bw(trans, ph, d);
        if (!waiting_.empty()) {
            tlm::tlm_generic_payload *next = waiting_.front();

            waiting_.pop_front();
            begin_req(*next);
        }
    }
    send_responses();
}

/* BEGIN_RESP for the answered requests in archsim's order, one at a time. */
void target::send_responses()
{
    uint64_t sc = to_ps(sc_core::sc_time_stamp(), ps_per_unit_);

    while (!resp_open_ && !responses_.empty()) {
        tlm::tlm_generic_payload &trans = *responses_.front().first;
        uint64_t tick = responses_.front().second;
        tlm::tlm_phase ph = tlm::BEGIN_RESP;
        sc_core::sc_time d((double)(tick > sc ? tick - sc : 0), sc_core::SC_PS);
        tlm::tlm_sync_enum rc;

        responses_.pop_front();
        trans.set_dmi_allowed(false);
        trans.set_response_status(tlm::TLM_OK_RESPONSE);
        rc = socket->nb_transport_bw(trans, ph, d);
        if (rc == tlm::TLM_ACCEPTED || (rc == tlm::TLM_UPDATED && ph == tlm::BEGIN_RESP)) {
            resp_open_ = &trans;                /* END_RESP comes forward later */
        } else if (trans.has_mm()) {
            trans.release();                    /* completed, or END_RESP returned */
        }
    }
}

/* While requests are in flight, run archsim event by event in step with
 * SystemC: wait until archsim's next event is due (or a new request
 * arrives), bring archsim there, act on what it said. */
void target::advance()
{
    for (;;) {
        sim_tick when;
        uint64_t sc;

        if (in_flight_ == 0 || !sim_next_event(sim_, &when)) {
            sc_core::wait(work_);
            continue;
        }
        sc = to_ps(sc_core::sc_time_stamp(), ps_per_unit_);
        if (when > sc) {
            sc_core::wait(sc_core::sc_time((double)(when - sc), sc_core::SC_PS), work_);
            continue;
        }
        settle();
        flush();
    }
}

/* ---------------------------------------------------------------- debug */

unsigned int target::transport_dbg(tlm::tlm_generic_payload &trans)
{
    unsigned int len = trans.get_data_length();

    if (trans.get_command() == tlm::TLM_IGNORE_COMMAND)
        return 0;
    copy(trans.get_address(), trans.get_data_ptr(), len,
         trans.get_command() == tlm::TLM_WRITE_COMMAND);
    trans.set_response_status(tlm::TLM_OK_RESPONSE);
    return len;
}

bool target::get_direct_mem_ptr(tlm::tlm_generic_payload &trans, tlm::tlm_dmi &dmi)
{
    return false;
}

} // namespace archsim_sc
