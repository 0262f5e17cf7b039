/* memsys/types.h - the component types of memsys/, listed once, in the
 * order `archsim list` prints them: TYPE(descriptor symbol). */
TYPE(memsys_cache)
TYPE(memsys_simple_mem)
TYPE(memsys_dram)
TYPE(memsys_bus)
TYPE(memsys_xbar)
TYPE(memsys_mesh)
TYPE(memsys_snoopbus)
TYPE(memsys_directory)
TYPE(memsys_tlb)
