# tests/system/pipelines.cmake - whole-program tests of the core models
# (include it from tests/system/CMakeLists.txt). Every guest program runs on
# the functional model alone and on each timing config; the timing run must
# give the same exit status and output, and every core must commit exactly
# the instructions the functional model executed. The guests are the ones
# tests/guest builds (ARCHSIM_GUEST_DIR); without them nothing is added.

if(NOT TARGET archsim_cli OR NOT DEFINED ARCHSIM_GUEST_DIR OR NOT TARGET guests)
  return()
endif()

set(pl_work ${CMAKE_BINARY_DIR}/pipelines-tests)
set(pl_script ${pl_work}/commit_check.cmake)
set(pl_func ${pl_work}/functional.yaml)
file(MAKE_DIRECTORY ${pl_work})
file(WRITE ${pl_func} "# the functional model alone: the reference instruction counts\n"
     "components:\n  cpu: {type: riscv}\n")

# The check, run with cmake -P: A (archsim), FUNC and CFG (configs), OUT
# (work folder), PROG and ARGS (;-list), SETS (;-list of KEY=VALUE for the
# timing run), CORES (;-list of core instance names, each running its own
# copy of the program: the output lines of all copies together must be
# those of the functional run, as many times), COUNT (0: the program's
# instruction count depends on timing, e.g. it waits for a timer, so only
# its exit status and output are checked).
file(WRITE ${pl_script} [=[
function(count file name out)
  file(STRINGS ${file} l REGEX "^${name} ")
  if(NOT l)
    message(FATAL_ERROR "${file}: no ${name}")
  endif()
  string(REGEX MATCH "^[^ ]+[ ]+([0-9]+)" m "${l}")
  set(${out} ${CMAKE_MATCH_1} PARENT_SCOPE)
endfunction()
file(REMOVE_RECURSE ${OUT})
file(MAKE_DIRECTORY ${OUT})
execute_process(COMMAND ${A} run ${FUNC} -q -o ${OUT}/func -- ${PROG} ${ARGS}
                RESULT_VARIABLE rf OUTPUT_VARIABLE of ERROR_VARIABLE ef)
set(sets "")
foreach(s ${SETS})
  list(APPEND sets --set ${s})
endforeach()
execute_process(COMMAND ${A} run ${CFG} -q -o ${OUT}/timing ${sets} -- ${PROG} ${ARGS}
                RESULT_VARIABLE rt OUTPUT_VARIABLE ot ERROR_VARIABLE et)
if(NOT rf STREQUAL rt)
  message(FATAL_ERROR "exit status: functional ${rf}, timing ${rt}\n${ef}\n${et}")
endif()
list(LENGTH CORES ncores)
string(REPLACE ";" "\\;" fl "${of}")
string(REPLACE "\n" ";" fl "${fl}")
list(FILTER fl EXCLUDE REGEX "^$")
set(want_lines "")
foreach(k RANGE 1 ${ncores})
  list(APPEND want_lines ${fl})
endforeach()
string(REPLACE ";" "\\;" tl "${ot}")
string(REPLACE "\n" ";" tl "${tl}")
list(FILTER tl EXCLUDE REGEX "^$")
list(SORT want_lines)
list(SORT tl)
if(NOT want_lines STREQUAL tl)
  message(FATAL_ERROR "the outputs differ:\n--- functional\n${of}\n--- timing\n${ot}")
endif()
if(DEFINED COUNT AND NOT COUNT)
  message(STATUS "${PROG}: same exit status and output")
  return()
endif()
count(${OUT}/func/stats.txt cpu.insts want)
math(EXPR total "${want} * ${ncores}")
foreach(c ${CORES})
  count(${OUT}/timing/stats.txt ${c}.committed got)
  if(NOT got EQUAL want)
    message(FATAL_ERROR "${c} committed ${got} instructions, the functional model ${want}")
  endif()
endforeach()
count(${OUT}/timing/stats.txt sim.insts all)
if(NOT all EQUAL total)
  message(FATAL_ERROR "sim.insts is ${all}, expected ${total}")
endif()
message(STATUS "${PROG}: ${want} instructions on each of ${ncores} core(s)")
]=])

function(pl_test name cfg cores sets prog)
  set(count 1)
  if(name MATCHES "_bm_traps$")
    set(count 0)                    # it waits in wfi for a timer interrupt
  endif()
  add_test(NAME pipelines_${name}
    COMMAND ${CMAKE_COMMAND} -DA=$<TARGET_FILE:archsim_cli> -DFUNC=${pl_func} -DCOUNT=${count}
            -DCFG=${CMAKE_SOURCE_DIR}/configs/${cfg}.yaml -DOUT=${pl_work}/${name}
            "-DCORES=${cores}" "-DSETS=${sets}" -DPROG=${prog} "-DARGS=${ARGN}"
            -P ${pl_script})
  set_tests_properties(pipelines_${name} PROPERTIES LABELS pipelines TIMEOUT 600)
endfunction()

set(g ${ARCHSIM_GUEST_DIR})
# name|config|overrides, the overrides separated by spaces
set(variants
  "inorder|riscv-inorder|"
  "inorder_nb2|riscv-inorder|core.blocking_loads=false core.width=2 core.alus=2 core.forwarding=false"
  "inorder_lt|riscv-inorder|core.mem_mode=lt core.stages=7 core.bpred=tage"
  "ooo|riscv-ooo|"
  "ooo_cons|riscv-ooo|core.mem_dep=conservative core.bpred=tournament core.rob=32 core.iq=16"
  "ooo_lt|riscv-ooo|core.mem_mode=lt core.width=8 core.commit_width=8 core.lq=8 core.sq=8"
  "ooo_tlb|riscv-ooo-tlb|"
  "ooo_tlb_lt|riscv-ooo-tlb|core.mem_mode=lt dtlb.page=2MiB dtlb.l2_entries=0 itlb.pwc_entries=0")
foreach(v ${variants})
  string(REPLACE "|" ";" f "${v}")
  list(GET f 0 vname)
  list(GET f 1 vcfg)
  list(LENGTH f nf)
  set(vsets "")
  if(nf GREATER 2)
    list(GET f 2 vsets)
    string(REPLACE " " ";" vsets "${vsets}")
  endif()
  if(RV_LINUX_CC)
    foreach(p hello printf interp fp)
      pl_test(${vname}_${p} ${vcfg} core "${vsets}" ${g}/${p})
    endforeach()
    pl_test(${vname}_cpubench ${vcfg} core "${vsets}" ${g}/cpubench 2)
    pl_test(${vname}_membench ${vcfg} core "${vsets}" ${g}/membench 1 4)
  endif()
  if(RV_ELF_CC)
    foreach(t rv64i rv64m rv64a rv64f rv64d rv64c zicsr traps)
      pl_test(${vname}_bm_${t} ${vcfg} core "${vsets}" ${g}/bm/${t})
    endforeach()
  endif()
endforeach()
if(RV_LINUX_CC)
  pl_test(4core_hello riscv-4core "core0;core1;core2;core3" "" ${g}/hello)
  pl_test(4core_cpubench riscv-4core "core0;core1;core2;core3" "" ${g}/cpubench 1)
  pl_test(4core_mixed_interp riscv-4core "core0;core1;core2;core3"
          "core0.rob=64;core0.iq=32;core1.mem_dep=conservative;core2.bpred=gshare;core3.mem_mode=lt"
          ${g}/interp)
endif()
