/* bridges/systemc/bridge_test.cpp - the SystemC bridge end to end: a
 * SystemC initiator thread sends TLM-2.0 b_transport transactions through
 * archsim_sc::target into an archsim L1 cache in front of a 50 ns memory.
 * Checks: an L1 hit costs exactly max(tag 1, data 2) = 2 cycles at 1 GHz; a
 * miss costs what the same access costs through archsim's C API at the same
 * time, on a second simulator of the same config; data written is read
 * back; temporal decoupling (delays accumulated without wait) gives the
 * same latencies and leaves archsim at the initiator's local time; a long
 * wait brings archsim up to SystemC's time; debug transport moves data
 * without timing; byte enables are refused. Exit status 0 when all hold. */
#include <cstdio>
#include <cstring>
#include <systemc>
#include <tlm>
#include <tlm_utils/simple_initiator_socket.h>
#include "bridges/systemc/archsim_systemc.h"
#include "bridges/systemc/tlm_in.h"

using namespace sc_core;

static const char *yaml =
    "clocks: {default: 1GHz}\n"
    "components:\n"
    "  port: {type: tlm_in}\n"
    "  l1: {type: cache, size: 4KiB, assoc: 2, line: 64, tag_latency: 1, data_latency: 2,\n"
    "       sequential: false}\n"
    "  mem: {type: simple_mem, latency: 50ns}\n"
    "connections:\n"
    "  - port.out -> l1.cpu\n"
    "  - l1.mem -> mem.in\n";

static int failures;

#define CHECK(cond, ...)                                                   \
    do {                                                                   \
        if (!(cond)) {                                                     \
            std::fprintf(stderr, "FAIL %s:%d: ", __FILE__, __LINE__);      \
            std::fprintf(stderr, __VA_ARGS__);                             \
            std::fprintf(stderr, "\n");                                    \
            failures++;                                                    \
        }                                                                  \
    } while (0)

static sim_t *open_sim()
{
    sim_error err;
    sim_t *s = sim_open_string(yaml, "bridge.yaml", &err);

    if (!s || archsim_sc::target::register_types(s, &err)) {
        std::fprintf(stderr, "archsim: %s\n", err.message);
        std::exit(1);
    }
    return s;
}

struct cpu : sc_module {
    tlm_utils::simple_initiator_socket<cpu> socket;
    archsim_sc::target *mem;
    sim_t *ref;                     /* the same config driven through the C API */
    sim_comp *ref_port;

    SC_HAS_PROCESS(cpu);
    cpu(sc_module_name n) : sc_module(n), socket("socket") { SC_THREAD(run); }

    /* One transaction; returns its latency (the delay it added). */
    sc_time access(tlm::tlm_command cmd, uint64_t addr, unsigned char *data, unsigned len,
                   sc_time &delay, tlm::tlm_response_status *st = nullptr)
    {
        tlm::tlm_generic_payload t;
        sc_time before = delay;

        t.set_command(cmd);
        t.set_address(addr);
        t.set_data_ptr(data);
        t.set_data_length(len);
        t.set_streaming_width(len);
        t.set_response_status(tlm::TLM_INCOMPLETE_RESPONSE);
        socket->b_transport(t, delay);
        if (st)
            *st = t.get_response_status();
        else
            CHECK(t.get_response_status() == tlm::TLM_OK_RESPONSE, "status %d at 0x%llx",
                  (int)t.get_response_status(), (unsigned long long)addr);
        return delay - before;
    }

    /* The same read through the C API at the same archsim time. */
    sc_time ref_read(uint64_t addr, sc_time at)
    {
        sim_error err;
        uint64_t want = (uint64_t)(at.to_seconds() * 1e12 + 0.5);

        if (want > sim_now(ref))
            sim_run_for(ref, SIM_UNTIL_TICKS, want - sim_now(ref), &err);
        return sc_time((double)tlm_in_access(ref_port, 0, addr, 8, 0), SC_PS);
    }

    void run()
    {
        unsigned char buf[64], back[64];
        sc_time d = SC_ZERO_TIME, lat;
        tlm::tlm_response_status st;

        for (int i = 0; i < 64; i++)
            buf[i] = (unsigned char)(i * 7 + 1);
        /* a cold write, then the line hits */
        lat = access(tlm::TLM_WRITE_COMMAND, 0x1000, buf, 64, d);
        CHECK(lat >= sc_time(50, SC_NS), "cold write %s", lat.to_string().c_str());
        ref_read(0x1000, SC_ZERO_TIME);            /* the reference sees the same line */
        wait(d);
        d = SC_ZERO_TIME;
        lat = access(tlm::TLM_READ_COMMAND, 0x1000, back, 64, d);
        CHECK(lat == sc_time(2, SC_NS), "L1 hit %s, expected 2 ns", lat.to_string().c_str());
        CHECK(std::memcmp(buf, back, 64) == 0, "data read back differs");
        wait(d);
        /* a cold read: as the C API gives it at the same time */
        d = SC_ZERO_TIME;
        {
            sc_time want = ref_read(0x2000, sc_time_stamp());

            lat = access(tlm::TLM_READ_COMMAND, 0x2000, back, 8, d);
            CHECK(lat == want, "miss %s, C API %s", lat.to_string().c_str(),
                  want.to_string().c_str());
            CHECK(lat >= sc_time(51, SC_NS), "miss %s too short", lat.to_string().c_str());
            for (int i = 0; i < 8; i++)
                CHECK(back[i] == 0, "unwritten memory reads %d", back[i]);
        }
        wait(d);
        /* temporal decoupling: ten hits without waiting */
        d = SC_ZERO_TIME;
        for (int i = 0; i < 10; i++) {
            lat = access(tlm::TLM_READ_COMMAND, 0x1000 + 4 * (uint64_t)i, back, 8, d);
            CHECK(lat == sc_time(2, SC_NS), "decoupled hit %d: %s", i,
                  lat.to_string().c_str());
        }
        CHECK(mem->archsim_time() == sc_time_stamp() + d - sc_time(2, SC_NS),
              "archsim at %s, initiator's local time %s", mem->archsim_time().to_string().c_str(),
              (sc_time_stamp() + d).to_string().c_str());
        wait(d);
        /* a long wait, then archsim catches up */
        wait(10, SC_US);
        d = SC_ZERO_TIME;
        access(tlm::TLM_READ_COMMAND, 0x1000, back, 8, d);
        CHECK(mem->archsim_time() == sc_time_stamp(), "archsim at %s, SystemC at %s",
              mem->archsim_time().to_string().c_str(), sc_time_stamp().to_string().c_str());
        /* debug transport: no time, same data */
        {
            tlm::tlm_generic_payload t;
            unsigned char v[4] = { 9, 8, 7, 6 };

            t.set_command(tlm::TLM_WRITE_COMMAND);
            t.set_address(0x9000);
            t.set_data_ptr(v);
            t.set_data_length(4);
            CHECK(socket->transport_dbg(t) == 4, "debug write");
            d = SC_ZERO_TIME;
            access(tlm::TLM_READ_COMMAND, 0x9000, back, 4, d);
            CHECK(std::memcmp(back, v, 4) == 0, "debug-written data not read back");
        }
        /* byte enables are not modelled: refused */
        {
            tlm::tlm_generic_payload t;
            unsigned char be[4] = { 0xff, 0, 0xff, 0 };

            t.set_command(tlm::TLM_READ_COMMAND);
            t.set_address(0x1000);
            t.set_data_ptr(back);
            t.set_data_length(4);
            t.set_streaming_width(4);
            t.set_byte_enable_ptr(be);
            t.set_byte_enable_length(4);
            d = SC_ZERO_TIME;
            socket->b_transport(t, d);
            st = t.get_response_status();
            CHECK(st == tlm::TLM_BYTE_ENABLE_ERROR_RESPONSE, "byte enables: status %d", (int)st);
        }
    }
};

int sc_main(int argc, char **argv)
{
    sim_t *s = open_sim(), *ref = open_sim();
    sim_error err;
    archsim_sc::target mem("mem", s, "port");
    cpu c("cpu");

    if (sim_elaborate(ref, &err)) {
        std::fprintf(stderr, "archsim: %s\n", err.message);
        return 1;
    }
    c.mem = &mem;
    c.ref = ref;
    c.ref_port = sim_find_comp(ref, "port");
    c.socket.bind(mem.socket);
    sc_start();
    std::printf("port.reads %.0f, port.writes %.0f, port.latency %.0f ps, l1.misses %.0f\n",
                sim_stat(s, "port.reads"), sim_stat(s, "port.writes"),
                sim_stat(s, "port.latency"), sim_stat(s, "l1.misses"));
    sim_close(s);
    sim_close(ref);
    if (failures) {
        std::fprintf(stderr, "%d checks failed\n", failures);
        return 1;
    }
    std::printf("systemc bridge: all checks hold\n");
    return 0;
}
