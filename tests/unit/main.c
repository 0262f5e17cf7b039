/* tests/unit/main.c - one Check runner per area; the suites of the area are
 * listed in the generated SUITES_H (one per tests/unit/<area>/test_*.c).
 * `unit_libsim NAME` runs only the suite called NAME. */
#include <check.h>
#include <stdlib.h>
#include SUITES_H

int main(int argc, char **argv)
{
    SRunner *sr = NULL;
    int failed;

    for (size_t i = 0; i < sizeof(suites) / sizeof(suites[0]); i++) {
        Suite *s = suites[i]();

        if (!sr)
            sr = srunner_create(s);
        else
            srunner_add_suite(sr, s);
    }
    if (!sr)
        return 0;
    srunner_run(sr, argc > 1 ? argv[1] : NULL, NULL, CK_NORMAL);
    failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
