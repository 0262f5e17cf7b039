/* tests/guest/baremetal/rv64m.S - RV64M: multiply high parts, division by
 * zero and signed overflow (which do not trap: fixed results), and the W
 * forms. */
#include "test.h"

    .text
    .globl test_main
test_main:
    TEST(1, a2, -42, li a0, 6; li a1, -7; mul a2, a0, a1)
    TEST(2, a2, 1, li a0, 0x100000000; li a1, 0x100000000; mulh a2, a0, a1)
    TEST(3, a2, 0, li a0, -1; li a1, -1; mulh a2, a0, a1)
    TEST(4, a2, -2, li a0, -1; li a1, -1; mulhu a2, a0, a1)
    TEST(5, a2, -1, li a0, -1; li a1, -1; mulhsu a2, a0, a1)
    TEST(6, a2, -1, li a0, 0x8000000000000000; li a1, 2; mulhsu a2, a0, a1)
    TEST(7, a2, 0, li a0, 0x8000000000000000; li a1, -1; mulh a2, a0, a1)
    TEST(10, a2, -3, li a0, -20; li a1, 6; div a2, a0, a1)
    TEST(11, a2, -2, li a0, -20; li a1, 6; rem a2, a0, a1)
    TEST(12, a2, 2, li a0, 20; li a1, -6; rem a2, a0, a1)
    TEST(13, a2, 0x2aaaaaaaaaaaaaa7, li a0, -20; li a1, 6; divu a2, a0, a1)
    TEST(14, a2, 2, li a0, -20; li a1, 6; remu a2, a0, a1)
    TEST(15, a2, -1, li a0, 7; li a1, 0; div a2, a0, a1)
    TEST(16, a2, -1, li a0, 7; li a1, 0; divu a2, a0, a1)
    TEST(17, a2, 7, li a0, 7; li a1, 0; rem a2, a0, a1)
    TEST(18, a2, 7, li a0, 7; li a1, 0; remu a2, a0, a1)
    TEST(19, a2, 0x8000000000000000, li a0, 0x8000000000000000; li a1, -1; div a2, a0, a1)
    TEST(20, a2, 0, li a0, 0x8000000000000000; li a1, -1; rem a2, a0, a1)
    TEST(30, a2, -2, li a0, 0x7fffffff; li a1, 2; mulw a2, a0, a1)
    TEST(31, a2, 0x23456789, li a0, 0x123456789; li a1, 1; mulw a2, a0, a1)
    TEST(32, a2, -3, li a0, -20; li a1, 6; divw a2, a0, a1)
    TEST(33, a2, 0xffffffff80000000, li a0, 0x80000000; li a1, -1; divw a2, a0, a1)
    TEST(34, a2, 0, li a0, 0x80000000; li a1, -1; remw a2, a0, a1)
    TEST(35, a2, -1, li a0, 5; li a1, 0; divuw a2, a0, a1)
    TEST(36, a2, 0xfffffffffffffffb, li a0, 0xfffffffb; li a1, 0; remuw a2, a0, a1)
    TEST(37, a2, 0x7fffffff, li a0, 0xffffffff; li a1, 2; divuw a2, a0, a1)
    TEST(38, a2, -1, li a0, -7; li a1, 2; remw a2, a0, a1)
    j pass
