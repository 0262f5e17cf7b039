/* models/types.h - the component types of models/, listed once, in the
 * order `archsim list` prints them: TYPE(descriptor symbol). */
TYPE(models_riscv)
TYPE(models_trafficgen)
TYPE(models_champsim)
TYPE(models_champsim_writer)
