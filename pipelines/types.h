/* pipelines/types.h - the component types of pipelines/, listed once, in
 * the order `archsim list` prints them: TYPE(descriptor symbol). */
TYPE(pipelines_inorder)
TYPE(pipelines_ooo)
