/* examples/systemc/cosim.cpp - archsim as the memory system of a SystemC
 * platform. A DMA engine (a SystemC module) reads a buffer through a
 * TLM-2.0 socket bound to archsim_sc::target, twice: first with blocking
 * b_transport, one 64-byte read after the other, then with nb_transport
 * and up to `depth` reads in flight, as a DMA engine with a request queue
 * does. archsim times every read through its L2 and DDR4 (soc.yaml); the
 * second pass overlaps the DRAM accesses and so takes far less time. Prints
 * the time and bandwidth of each pass and archsim's statistics.
 *
 *     make -C examples/systemc && examples/systemc/cosim examples/systemc/soc.yaml [KiB] [depth]
 */
#include <cstdio>
#include <cstdlib>
#include <deque>
#include <map>
#include <systemc>
#include <tlm>
#include <tlm_utils/simple_initiator_socket.h>
#include <archsim/systemc/archsim_systemc.h>

using namespace sc_core;

struct dma : sc_module {
    tlm_utils::simple_initiator_socket<dma> socket;
    uint64_t base, bytes;
    unsigned depth;
    sc_time lt_time, at_time;

    struct slot {
        tlm::tlm_generic_payload p;
        unsigned char data[64];
        bool end_req = false, done = false;
    };
    std::map<tlm::tlm_generic_payload *, slot *> slots;
    sc_event ev;

    SC_HAS_PROCESS(dma);
    dma(sc_module_name n, uint64_t base_, uint64_t bytes_, unsigned depth_)
        : sc_module(n), socket("socket"), base(base_), bytes(bytes_), depth(depth_)
    {
        socket.register_nb_transport_bw(this, &dma::bw);
        SC_THREAD(run);
    }

    static void setup(tlm::tlm_generic_payload &p, uint64_t addr, unsigned char *data)
    {
        p.set_command(tlm::TLM_READ_COMMAND);
        p.set_address(addr);
        p.set_data_ptr(data);
        p.set_data_length(64);
        p.set_streaming_width(64);
        p.set_response_status(tlm::TLM_INCOMPLETE_RESPONSE);
    }

    tlm::tlm_sync_enum bw(tlm::tlm_generic_payload &p, tlm::tlm_phase &ph, sc_time &d)
    {
        slot *s = slots.at(&p);

        if (ph == tlm::END_REQ)
            s->end_req = true;
        else if (ph == tlm::BEGIN_RESP)
            s->done = true;
        ev.notify(d);
        return ph == tlm::BEGIN_RESP ? tlm::TLM_COMPLETED : tlm::TLM_ACCEPTED;
    }

    void run()
    {
        /* pass 1: blocking reads, one at a time */
        sc_time start = sc_time_stamp();

        for (uint64_t a = base; a < base + bytes; a += 64) {
            tlm::tlm_generic_payload p;
            unsigned char data[64];
            sc_time d = SC_ZERO_TIME;

            setup(p, a, data);
            socket->b_transport(p, d);
            wait(d);
        }
        lt_time = sc_time_stamp() - start;

        /* pass 2: another buffer, up to `depth` reads in flight */
        std::deque<slot> pool(depth);
        std::deque<slot *> free_slots, busy;
        uint64_t next = base + bytes, end = base + 2 * bytes;

        for (auto &s : pool)
            free_slots.push_back(&s);
        start = sc_time_stamp();
        while (next < end || !busy.empty()) {
            if (next < end && !free_slots.empty()) {
                slot *s = free_slots.front();
                tlm::tlm_phase ph = tlm::BEGIN_REQ;
                sc_time d = SC_ZERO_TIME;

                free_slots.pop_front();
                s->end_req = s->done = false;
                setup(s->p, next, s->data);
                slots[&s->p] = s;
                busy.push_back(s);
                next += 64;
                socket->nb_transport_fw(s->p, ph, d);
                while (!s->end_req)         /* request exclusion: wait for END_REQ */
                    wait(ev);
                continue;
            }
            wait(ev);
            while (!busy.empty() && busy.front()->done) {
                free_slots.push_back(busy.front());
                busy.pop_front();
            }
        }
        at_time = sc_time_stamp() - start;
    }
};

int sc_main(int argc, char **argv)
{
    const char *cfg = argc > 1 ? argv[1] : "soc.yaml";
    uint64_t kib = argc > 2 ? std::strtoull(argv[2], nullptr, 10) : 64;
    unsigned depth = argc > 3 ? (unsigned)std::atoi(argv[3]) : 8;
    sim_error err;
    sim_t *s = sim_open(cfg, &err);

    if (!s || archsim_sc::target::register_types(s, &err)) {
        std::fprintf(stderr, "archsim: %s\n", err.message);
        return 1;
    }
    if (kib == 0 || depth == 0) {
        std::fprintf(stderr, "usage: cosim CONFIG [KiB > 0] [depth > 0]\n");
        return 2;
    }
    archsim_sc::target mem("mem", s, "port");
    dma engine("dma", 0x10000000, kib * 1024, depth);

    engine.socket.bind(mem.socket);
    sc_start();
    std::printf("b_transport, 1 in flight:  %llu KiB in %.3f us, %.2f GB/s\n",
                (unsigned long long)kib, engine.lt_time.to_seconds() * 1e6,
                kib * 1024 / engine.lt_time.to_seconds() / 1e9);
    std::printf("nb_transport, %u in flight: %llu KiB in %.3f us, %.2f GB/s\n", depth,
                (unsigned long long)kib, engine.at_time.to_seconds() * 1e6,
                kib * 1024 / engine.at_time.to_seconds() / 1e9);
    std::printf("port.reads %.0f, l2.misses %.0f, mem.reads %.0f, mem.row_hits %.0f\n",
                sim_stat(s, "port.reads"), sim_stat(s, "l2.misses"), sim_stat(s, "mem.reads"),
                sim_stat(s, "mem.row_hits"));
    sim_close(s);
    return 0;
}
