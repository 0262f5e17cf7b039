/* bridges/systemc/bridge_test.cpp - the SystemC bridge end to end: a
 * SystemC initiator thread sends TLM-2.0 b_transport transactions through
 * archsim_sc::target into an archsim L1 cache in front of a 50 ns memory.
 * Checks: an L1 hit costs exactly max(tag 1, data 2) = 2 cycles at 1 GHz; a
 * miss costs what the same access costs through archsim's C API at the same
 * time, on a second simulator of the same config; data written is read
 * back; temporal decoupling (delays accumulated without wait) gives the
 * same latencies and leaves archsim at the initiator's local time; a long
 * wait brings archsim up to SystemC's time; debug transport moves data
 * without timing; byte enables are refused.
 * nb_transport, on a second bridge whose L1 takes one miss at a time and
 * queues one request (so a third miss is refused): an L1 hit answers
 * exactly 2 cycles after BEGIN_REQ; a miss answers when the same request
 * sent through archsim's C API (AT) at the same time does; the third of
 * three back-to-back misses gets END_REQ only when the L1 takes it (once
 * the first miss's line came back from the 50 ns memory) and every
 * response comes, in order; a held response
 * (TLM_ACCEPTED, END_RESP 10 ns later) holds the next one back until then;
 * data written are read back; byte enables complete early with an error.
 * Exit status 0 when all hold. */
#include <cstdio>
#include <cstring>
#include <map>
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

/* One miss at a time, one queued request: the third miss is refused. */
static const char *yaml_at =
    "clocks: {default: 1GHz}\n"
    "components:\n"
    "  port: {type: tlm_in}\n"
    "  l1: {type: cache, size: 4KiB, assoc: 2, line: 64, tag_latency: 1, data_latency: 2,\n"
    "       sequential: false, mshrs: 1, queue: 1}\n"
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

static sim_t *open_sim(const char *text = yaml)
{
    sim_error err;
    sim_t *s = sim_open_string(text, "bridge.yaml", &err);

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

/* ---------------------------------------------------------- nb_transport */

struct txn {
    tlm::tlm_generic_payload p;
    unsigned char data[64];
    sc_time begin_req, end_req, begin_resp;
    bool got_end_req = false, got_resp = false;
};

/* The C API's AT path on a reference simulator: the latency of one read. */
struct ref_at {
    sim_t *sim;
    sim_comp *port;
    bool done = false;

    static void accepted(void *, void *) {}
    static void finished(void *user, void *) { static_cast<ref_at *>(user)->done = true; }

    sc_time read(uint64_t addr, sc_time at)
    {
        sim_error err;
        uint64_t want = (uint64_t)(at.to_seconds() * 1e12 + 0.5), start;
        struct tlm_in_handler h = { accepted, finished, this };

        if (want > sim_now(sim))
            sim_run_for(sim, SIM_UNTIL_TICKS, want - sim_now(sim), &err);
        tlm_in_set_handler(port, &h);
        start = sim_now(sim);
        done = false;
        CHECK(tlm_in_send(port, 0, addr, 8, 0, nullptr) == 1, "reference request refused");
        while (!done && sim_run_for(sim, SIM_UNTIL_TICKS, 1000, &err) >= 0) {
        }
        return sc_time((double)(sim_now(sim) - start), SC_PS);
    }
};

struct at_cpu : sc_module {
    tlm_utils::simple_initiator_socket<at_cpu> socket;
    archsim_sc::target *mem;
    ref_at *ref;
    std::map<tlm::tlm_generic_payload *, txn *> txns;
    sc_event ev;
    bool hold = false;              /* answer BEGIN_RESP with TLM_ACCEPTED */

    SC_HAS_PROCESS(at_cpu);
    at_cpu(sc_module_name n) : sc_module(n), socket("socket")
    {
        socket.register_nb_transport_bw(this, &at_cpu::bw);
        SC_THREAD(run);
    }

    tlm::tlm_sync_enum bw(tlm::tlm_generic_payload &p, tlm::tlm_phase &ph, sc_time &d)
    {
        txn *t = txns.at(&p);

        ev.notify(d);
        if (ph == tlm::END_REQ) {
            t->end_req = sc_time_stamp() + d;
            t->got_end_req = true;
            return tlm::TLM_ACCEPTED;
        }
        CHECK(ph == tlm::BEGIN_RESP, "backward phase %s", ph.get_name());
        CHECK(t->got_end_req, "BEGIN_RESP before END_REQ");
        t->begin_resp = sc_time_stamp() + d;
        t->got_resp = true;
        return hold ? tlm::TLM_ACCEPTED : tlm::TLM_COMPLETED;
    }

    /* BEGIN_REQ now; returns what nb_transport_fw returned. */
    tlm::tlm_sync_enum send(txn &t, tlm::tlm_command cmd, uint64_t addr, unsigned len)
    {
        tlm::tlm_phase ph = tlm::BEGIN_REQ;
        sc_time d = SC_ZERO_TIME;

        t.p.set_command(cmd);
        t.p.set_address(addr);
        t.p.set_data_ptr(t.data);
        t.p.set_data_length(len);
        t.p.set_streaming_width(len);
        t.p.set_response_status(tlm::TLM_INCOMPLETE_RESPONSE);
        txns[&t.p] = &t;
        t.begin_req = sc_time_stamp();
        return socket->nb_transport_fw(t.p, ph, d);
    }

    void wait_end_req(txn &t)
    {
        while (!t.got_end_req)
            wait(ev);
    }

    void wait_resp(txn &t)
    {
        while (!t.got_resp)
            wait(ev);
    }

    sc_time latency(txn &t) { return t.begin_resp - t.begin_req; }

    void run()
    {
        txn w, h, m, a[3], x, y, be;

        wait(5, SC_NS);
        /* a write miss, then a read of the same line hits */
        for (int i = 0; i < 64; i++)
            w.data[i] = (unsigned char)(255 - i);
        CHECK(send(w, tlm::TLM_WRITE_COMMAND, 0x4000, 64) == tlm::TLM_ACCEPTED, "BEGIN_REQ");
        wait_resp(w);
        CHECK(latency(w) >= sc_time(50, SC_NS), "write miss %s", latency(w).to_string().c_str());
        wait(1, SC_NS);
        send(h, tlm::TLM_READ_COMMAND, 0x4000, 64);
        wait_resp(h);
        CHECK(h.end_req == h.begin_req, "END_REQ of an accepted request at once");
        CHECK(latency(h) == sc_time(2, SC_NS), "AT hit %s, expected 2 ns",
              latency(h).to_string().c_str());
        CHECK(std::memcmp(h.data, w.data, 64) == 0, "AT read back differs");
        CHECK(h.p.get_response_status() == tlm::TLM_OK_RESPONSE, "status");
        wait(1, SC_NS);
        /* a cold read: as archsim's C API gives it at the same time */
        {
            sc_time want = ref->read(0x8000, sc_time_stamp());

            send(m, tlm::TLM_READ_COMMAND, 0x8000, 8);
            wait_resp(m);
            CHECK(latency(m) == want, "AT miss %s, C API %s", latency(m).to_string().c_str(),
                  want.to_string().c_str());
            CHECK(latency(m) >= sc_time(51, SC_NS), "AT miss %s too short",
                  latency(m).to_string().c_str());
        }
        wait(1, SC_NS);
        /* three misses back to back: the third waits for END_REQ */
        for (int i = 0; i < 3; i++) {
            send(a[i], tlm::TLM_READ_COMMAND, 0x10000 + 0x1000 * (uint64_t)i, 8);
            wait_end_req(a[i]);
        }
        for (int i = 0; i < 3; i++)
            wait_resp(a[i]);
        CHECK(a[0].end_req == a[0].begin_req && a[1].end_req == a[1].begin_req,
              "the first two are taken at once");
        CHECK(a[2].end_req >= a[2].begin_req + sc_time(50, SC_NS),
              "third END_REQ at %s, BEGIN_REQ at %s: it did not wait for the first miss",
              a[2].end_req.to_string().c_str(), a[2].begin_req.to_string().c_str());
        CHECK(a[0].begin_resp < a[1].begin_resp && a[1].begin_resp < a[2].begin_resp,
              "responses in order");
        CHECK(sim_stat(mem_sim, "port.refused") == 1, "port.refused %.0f",
              sim_stat(mem_sim, "port.refused"));
        wait(1, SC_NS);
        /* a held response holds the next one back until END_RESP */
        hold = true;
        send(x, tlm::TLM_READ_COMMAND, 0x4000, 8);
        wait_end_req(x);
        send(y, tlm::TLM_READ_COMMAND, 0x4008, 8);
        wait_resp(x);
        hold = false;
        wait(10, SC_NS);
        {
            tlm::tlm_phase ph = tlm::END_RESP;
            sc_time d = SC_ZERO_TIME;

            CHECK(socket->nb_transport_fw(x.p, ph, d) == tlm::TLM_COMPLETED, "END_RESP");
        }
        wait_resp(y);
        CHECK(y.begin_resp >= x.begin_resp + sc_time(10, SC_NS),
              "second response at %s before the first's END_RESP (%s + 10 ns)",
              y.begin_resp.to_string().c_str(), x.begin_resp.to_string().c_str());
        /* byte enables: completed at once with an error */
        {
            unsigned char mask[8] = { 0xff };

            be.p.set_byte_enable_ptr(mask);
            be.p.set_byte_enable_length(8);
            CHECK(send(be, tlm::TLM_READ_COMMAND, 0x4000, 8) == tlm::TLM_COMPLETED,
                  "byte enables: not completed early");
            CHECK(be.p.get_response_status() == tlm::TLM_BYTE_ENABLE_ERROR_RESPONSE,
                  "byte enables: status %d", (int)be.p.get_response_status());
            be.p.set_byte_enable_ptr(nullptr);
        }
        finished = true;
    }

    sim_t *mem_sim;
    bool finished = false;
};

int sc_main(int argc, char **argv)
{
    sim_t *s = open_sim(), *ref = open_sim();
    sim_t *s_at = open_sim(yaml_at), *ref_at_sim = open_sim(yaml_at);
    sim_error err;
    archsim_sc::target mem("mem", s, "port");
    archsim_sc::target mem_at("mem_at", s_at, "port");
    cpu c("cpu");
    at_cpu ac("at_cpu");
    ref_at r;

    if (sim_elaborate(ref, &err) || sim_elaborate(ref_at_sim, &err)) {
        std::fprintf(stderr, "archsim: %s\n", err.message);
        return 1;
    }
    r.sim = ref_at_sim;
    r.port = sim_find_comp(ref_at_sim, "port");
    ac.mem = &mem_at;
    ac.mem_sim = s_at;
    ac.ref = &r;
    ac.socket.bind(mem_at.socket);
    c.mem = &mem;
    c.ref = ref;
    c.ref_port = sim_find_comp(ref, "port");
    c.socket.bind(mem.socket);
    sc_start();
    std::printf("port.reads %.0f, port.writes %.0f, port.latency %.0f ps, l1.misses %.0f\n",
                sim_stat(s, "port.reads"), sim_stat(s, "port.writes"),
                sim_stat(s, "port.latency"), sim_stat(s, "l1.misses"));
    std::printf("at port.reads %.0f, port.writes %.0f, port.at %.0f, port.refused %.0f, "
                "l1.misses %.0f\n", sim_stat(s_at, "port.reads"), sim_stat(s_at, "port.writes"),
                sim_stat(s_at, "port.at"), sim_stat(s_at, "port.refused"),
                sim_stat(s_at, "l1.misses"));
    CHECK(ac.finished, "the nb_transport initiator did not finish");
    sim_close(s);
    sim_close(ref);
    sim_close(s_at);
    sim_close(ref_at_sim);
    if (failures) {
        std::fprintf(stderr, "%d checks failed\n", failures);
        return 1;
    }
    std::printf("systemc bridge: all checks hold\n");
    return 0;
}
