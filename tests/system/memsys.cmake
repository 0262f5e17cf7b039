# The memsys validation examples, built against the library and run as
# tests: the pointer-chase plateaus must equal the configured latencies.
foreach(p chase_sweep stream_bw)
  add_executable(example_${p} ${CMAKE_SOURCE_DIR}/examples/memsys/${p}.c)
  target_link_libraries(example_${p} PRIVATE archsim_static PkgConfig::YAML ${CMAKE_DL_LIBS} m)
  target_include_directories(example_${p} PRIVATE ${CMAKE_SOURCE_DIR}/libsim/include)
  set_target_properties(example_${p} PROPERTIES RUNTIME_OUTPUT_DIRECTORY
                        ${CMAKE_BINARY_DIR}/examples)
endforeach()
add_test(NAME memsys_chase_plateaus
         COMMAND bash ${CMAKE_CURRENT_SOURCE_DIR}/system/chase.sh
                 $<TARGET_FILE:example_chase_sweep> ${CMAKE_SOURCE_DIR})
