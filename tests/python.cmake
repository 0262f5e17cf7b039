# Python tests: the archsim package (python/) against this build's
# libarchsim.so and `archsim` command, run with pytest under Debian's
# python3 (python3-cffi, python3-pytest; python3-distributed, python3-pandas
# and python3-matplotlib for the Dask, DataFrame and plot tests, which skip
# with a message when those are missing). Included from tests/CMakeLists.txt.
# Not run in sanitizer builds: the shared library would need the ASan runtime
# preloaded into Python.
set(ARCHSIM_PYTHON /usr/bin/python3 CACHE FILEPATH
    "Python 3 with cffi and pytest that runs the Python tests")
if(EXISTS ${ARCHSIM_PYTHON} AND NOT ARCHSIM_SANITIZE)
  set(_py_env
      PYTHONPATH=${CMAKE_SOURCE_DIR}/python
      ARCHSIM_LIB=$<TARGET_FILE:archsim>
      ARCHSIM_CLI=$<TARGET_FILE:archsim_cli>
      ARCHSIM_STALL_PLUGIN=$<TARGET_FILE:stall>
      PYTHONDONTWRITEBYTECODE=1
      MPLBACKEND=Agg)
  set(_py_dir ${CMAKE_SOURCE_DIR}/tests/python)
  set(_py_api test_binding.py test_sim.py test_errors.py test_yaml.py test_plot.py
              test_install.py test_run_section.py)
  set(_py_sweep test_sweep.py test_mpi.py)
  set(_py_cli test_cli.py)
  foreach(part api sweep cli)
    set(_files "")
    foreach(f ${_py_${part}})
      list(APPEND _files ${_py_dir}/${f})
    endforeach()
    add_test(NAME python_${part}
             COMMAND ${ARCHSIM_PYTHON} -m pytest -q -p no:cacheprovider
                     -W ignore::DeprecationWarning --rootdir ${_py_dir} ${_files}
             WORKING_DIRECTORY ${CMAKE_CURRENT_BINARY_DIR})
    set_tests_properties(python_${part} PROPERTIES ENVIRONMENT "${_py_env}"
                         LABELS python TIMEOUT 600)
  endforeach()
endif()
# The example runs its sweep (quick) and writes its PNG; bench/python_overhead.py
# at a tiny scale: only that they still work.
if(EXISTS ${ARCHSIM_PYTHON} AND NOT ARCHSIM_SANITIZE)
  add_test(NAME python_example
           COMMAND ${ARCHSIM_PYTHON} ${CMAKE_SOURCE_DIR}/examples/python/cache_sweep.py
                   --quick -j 1 -o ${CMAKE_CURRENT_BINARY_DIR}/cache_sweep_out)
  set_tests_properties(python_example PROPERTIES ENVIRONMENT "${_py_env}"
                       LABELS python TIMEOUT 300)
  add_test(NAME python_bench_smoke
           COMMAND ${ARCHSIM_PYTHON} ${CMAKE_SOURCE_DIR}/bench/python_overhead.py
                   --scale 0.01 --repeat 1)
  set_tests_properties(python_bench_smoke PROPERTIES ENVIRONMENT "${_py_env}"
                       LABELS bench_smoke TIMEOUT 300)
endif()
