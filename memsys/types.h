/* memsys/types.h - the component types of memsys/, listed once, in the
 * order `archsim list` prints them: TYPE(descriptor symbol). */
TYPE(memsys_simple_mem)
