/* tests/guest/baremetal/rv64m.S - RV64M: multiply high parts, division by
 * zero and signed overflow (which do not trap: fixed results), and the W
 * forms. */
#include "test.h"

    .text
    .globl test_main
test_main:
    TEST(1, li a0, 6; li a1, -7; mul a2, a0, a1, a2, -42)
    TEST(2, li a0, 0x100000000; li a1, 0x100000000; mulh a2, a0, a1, a2, 1)
    TEST(3, li a0, -1; li a1, -1; mulh a2, a0, a1, a2, 0)
    TEST(4, li a0, -1; li a1, -1; mulhu a2, a0, a1, a2, -2)
    TEST(5, li a0, -1; li a1, -1; mulhsu a2, a0, a1, a2, -1)
    TEST(6, li a0, 0x8000000000000000; li a1, 2; mulhsu a2, a0, a1, a2, -1)
    TEST(7, li a0, 0x8000000000000000; li a1, -1; mulh a2, a0, a1, a2, 0)
    TEST(10, li a0, -20; li a1, 6; div a2, a0, a1, a2, -3)
    TEST(11, li a0, -20; li a1, 6; rem a2, a0, a1, a2, -2)
    TEST(12, li a0, 20; li a1, -6; rem a2, a0, a1, a2, 2)
    TEST(13, li a0, -20; li a1, 6; divu a2, a0, a1, a2, 0x2aaaaaaaaaaaaaa7)
    TEST(14, li a0, -20; li a1, 6; remu a2, a0, a1, a2, 2)
    TEST(15, li a0, 7; li a1, 0; div a2, a0, a1, a2, -1)
    TEST(16, li a0, 7; li a1, 0; divu a2, a0, a1, a2, -1)
    TEST(17, li a0, 7; li a1, 0; rem a2, a0, a1, a2, 7)
    TEST(18, li a0, 7; li a1, 0; remu a2, a0, a1, a2, 7)
    TEST(19, li a0, 0x8000000000000000; li a1, -1; div a2, a0, a1, a2, 0x8000000000000000)
    TEST(20, li a0, 0x8000000000000000; li a1, -1; rem a2, a0, a1, a2, 0)
    TEST(30, li a0, 0x7fffffff; li a1, 2; mulw a2, a0, a1, a2, -2)
    TEST(31, li a0, 0x123456789; li a1, 1; mulw a2, a0, a1, a2, 0x23456789)
    TEST(32, li a0, -20; li a1, 6; divw a2, a0, a1, a2, -3)
    TEST(33, li a0, 0x80000000; li a1, -1; divw a2, a0, a1, a2, 0xffffffff80000000)
    TEST(34, li a0, 0x80000000; li a1, -1; remw a2, a0, a1, a2, 0)
    TEST(35, li a0, 5; li a1, 0; divuw a2, a0, a1, a2, -1)
    TEST(36, li a0, 0xfffffffb; li a1, 0; remuw a2, a0, a1, a2, 0xfffffffffffffffb)
    TEST(37, li a0, 0xffffffff; li a1, 2; divuw a2, a0, a1, a2, 0x7fffffff)
    TEST(38, li a0, -7; li a1, 2; remw a2, a0, a1, a2, -1)
    j pass
