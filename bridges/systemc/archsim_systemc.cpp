/* bridges/systemc/archsim_systemc.cpp - the SystemC TLM-2.0 target in front
 * of an archsim hierarchy (see archsim_systemc.h). Time: archsim counts
 * picoseconds from 0 as SystemC does from 0, so "bring archsim up to the
 * initiator" is sim_run_for(SIM_UNTIL_TICKS) by the difference; a
 * transaction from behind archsim's time (another initiator ran further
 * ahead) is served at archsim's time and counted in tlm_in.behind. */
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
    : sc_core::sc_module(name), socket("socket"), sim_(sim), comp_(nullptr)
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
    socket.register_transport_dbg(this, &target::transport_dbg);
    socket.register_get_direct_mem_ptr(this, &target::get_direct_mem_ptr);
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

void target::b_transport(tlm::tlm_generic_payload &trans, sc_core::sc_time &delay)
{
    tlm::tlm_command cmd = trans.get_command();
    unsigned int len = trans.get_data_length();
    uint64_t when, now;
    sim_tick lat;

    if (trans.get_byte_enable_ptr()) {
        trans.set_response_status(tlm::TLM_BYTE_ENABLE_ERROR_RESPONSE);
        return;
    }
    if (trans.get_streaming_width() < len) {
        trans.set_response_status(tlm::TLM_BURST_ERROR_RESPONSE);
        return;
    }
    if (cmd == tlm::TLM_IGNORE_COMMAND) {
        trans.set_response_status(tlm::TLM_OK_RESPONSE);
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
