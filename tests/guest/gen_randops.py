#!/usr/bin/python3
"""tests/guest/gen_randops.py OUT.S [SEED] - random RV64GC instruction blocks
for the differential test of the instruction-set simulator (randops.c runs
them; CTest compares its output with qemu-riscv64's, functionally and through
a timing model's records).

Each block `rnd_block_K(struct st *s)` loads every integer and FP register and
fcsr from *s, runs ~200 random instructions - RV64I/M arithmetic and shifts
(word forms included), loads and stores of every width at aligned and
misaligned offsets, AMOs and LR/SC, forward branches and jumps, F and D
arithmetic, square roots, fused multiply-adds, conversions with every
rounding mode, moves, compares and classes on NaN-boxed and unboxed values,
and rounding-mode writes - then stores the registers and fcsr back. x27
holds s (memory operands are s->mem), sp, gp and tp are left alone; the
callee-saved registers are saved around the block. The same seed gives the
same file."""
import random
import sys

OUT = sys.argv[1]
rnd = random.Random(int(sys.argv[2]) if len(sys.argv) > 2 else 2026)
BLOCKS, LEN = 24, 200
MEM = 1024                      # offset of s->mem in struct st (randops.c)
MEMSZ = 1024
GP = [1] + list(range(5, 27)) + list(range(28, 32))
TMP = 26                        # address register of AMOs and LR/SC (in GP too)
RM = ["rne", "rtz", "rdn", "rup", "rmm", "dyn"]

R_OPS = ["add", "sub", "sll", "slt", "sltu", "xor", "srl", "sra", "or", "and", "addw", "subw",
         "sllw", "srlw", "sraw", "mul", "mulh", "mulhsu", "mulhu", "mulw", "div", "divu", "rem",
         "remu", "divw", "divuw", "remw", "remuw"]
I_OPS = ["addi", "slti", "sltiu", "xori", "ori", "andi", "addiw"]
SH_OPS = [("slli", 63), ("srli", 63), ("srai", 63), ("slliw", 31), ("srliw", 31), ("sraiw", 31)]
LOADS = [("lb", 1), ("lh", 2), ("lw", 4), ("ld", 8), ("lbu", 1), ("lhu", 2), ("lwu", 4)]
STORES = [("sb", 1), ("sh", 2), ("sw", 4), ("sd", 8)]
AMOS = ["amoswap", "amoadd", "amoxor", "amoand", "amoor", "amomin", "amomax", "amominu",
        "amomaxu"]
BRANCHES = ["beq", "bne", "blt", "bge", "bltu", "bgeu"]
F_ARITH = ["fadd", "fsub", "fmul", "fdiv"]
F_FUSED = ["fmadd", "fmsub", "fnmadd", "fnmsub"]
F_SGN = ["fsgnj", "fsgnjn", "fsgnjx", "fmin", "fmax"]
F_CMP = ["feq", "flt", "fle"]


def x():
    return "x%d" % rnd.choice(GP)


def xd():
    return "x0" if rnd.random() < 0.03 else x()


def f():
    return "f%d" % rnd.randrange(32)


def fmt():
    return rnd.choice(["s", "d"])


def mem_off(size):
    if rnd.random() < 0.85:
        return MEM + rnd.randrange(0, MEMSZ // size) * size
    return MEM + rnd.randrange(0, MEMSZ - size)       # misaligned, mostly


def one(lines, label):
    k = rnd.random()
    if k < 0.22:
        lines.append("%s %s, %s, %s" % (rnd.choice(R_OPS), xd(), x(), x()))
    elif k < 0.32:
        lines.append("%s %s, %s, %d" % (rnd.choice(I_OPS), xd(), x(), rnd.randrange(-2048, 2048)))
    elif k < 0.38:
        op, m = rnd.choice(SH_OPS)
        lines.append("%s %s, %s, %d" % (op, xd(), x(), rnd.randrange(0, m + 1)))
    elif k < 0.40:
        lines.append("%s %s, 0x%x" % (rnd.choice(["lui", "auipc"]), xd(), rnd.randrange(1 << 20)))
    elif k < 0.48:
        op, size = rnd.choice(LOADS)
        lines.append("%s %s, %d(x27)" % (op, xd(), mem_off(size)))
    elif k < 0.55:
        op, size = rnd.choice(STORES)
        lines.append("%s %s, %d(x27)" % (op, x(), mem_off(size)))
    elif k < 0.59:
        w = rnd.choice(["w", "d"])
        size = 4 if w == "w" else 8
        lines.append("addi x%d, x27, %d" % (TMP, MEM + rnd.randrange(0, MEMSZ // size) * size))
        if rnd.random() < 0.25:
            rd, rs = xd(), x()
            while rs == "x%d" % TMP:
                rs = x()
            lines.append("lr.%s %s, (x%d)" % (w, rd, TMP))
            if rd == "x%d" % TMP:
                return
            lines.append("sc.%s %s, %s, (x%d)" % (w, xd(), rs, TMP))
        else:
            lines.append("%s.%s %s, %s, (x%d)" % (rnd.choice(AMOS), w, xd(), x(), TMP))
    elif k < 0.64:
        n = rnd.randrange(1, 4)
        lines.append("%s %s, %s, %s" % (rnd.choice(BRANCHES), x(), x(), label))
        for _ in range(n):
            one_simple(lines)
        lines.append("%s:" % label)
    elif k < 0.65:
        lines.append("jal %s, %s" % (xd(), label))
        one_simple(lines)
        lines.append("%s:" % label)
    elif k < 0.72:
        t = fmt()
        lines.append("%s.%s %s, %s, %s, %s" % (rnd.choice(F_ARITH), t, f(), f(), f(),
                                               rnd.choice(RM)))
    elif k < 0.74:
        t = fmt()
        lines.append("fsqrt.%s %s, %s, %s" % (t, f(), f(), rnd.choice(RM)))
    elif k < 0.77:
        t = fmt()
        lines.append("%s.%s %s, %s, %s, %s, %s" % (rnd.choice(F_FUSED), t, f(), f(), f(), f(),
                                                   rnd.choice(RM)))
    elif k < 0.80:
        t = fmt()
        lines.append("%s.%s %s, %s, %s" % (rnd.choice(F_SGN), t, f(), f(), f()))
    elif k < 0.82:
        t = fmt()
        lines.append("%s.%s %s, %s, %s" % (rnd.choice(F_CMP), t, xd(), f(), f()))
    elif k < 0.83:
        lines.append("fclass.%s %s, %s" % (fmt(), xd(), f()))
    elif k < 0.87:
        t = fmt()
        i = rnd.choice(["w", "wu", "l", "lu"])
        if rnd.random() < 0.5:
            lines.append("fcvt.%s.%s %s, %s, %s" % (i, t, xd(), f(), rnd.choice(RM)))
        else:
            if t == "d" and i in ("w", "wu"):      # exact: no rounding mode
                lines.append("fcvt.d.%s %s, %s" % (i, f(), x()))
            else:
                lines.append("fcvt.%s.%s %s, %s, %s" % (t, i, f(), x(), rnd.choice(RM)))
    elif k < 0.88:
        if rnd.random() < 0.5:
            lines.append("fcvt.s.d %s, %s, %s" % (f(), f(), rnd.choice(RM)))
        else:
            lines.append("fcvt.d.s %s, %s" % (f(), f()))
    elif k < 0.90:
        lines.append(rnd.choice(["fmv.x.w %s, %s" % (xd(), f()), "fmv.w.x %s, %s" % (f(), x()),
                                 "fmv.x.d %s, %s" % (xd(), f()), "fmv.d.x %s, %s" % (f(), x())]))
    elif k < 0.94:
        t = rnd.choice(["w", "d"])
        size = 4 if t == "w" else 8
        op = ("fl" if rnd.random() < 0.5 else "fs") + t
        lines.append("%s %s, %d(x27)" % (op, f(), mem_off(size)))
    elif k < 0.95:
        lines.append("fsrmi %s, %d" % (xd(), rnd.randrange(0, 5)))
    else:
        lines.append("frflags %s" % xd())


def one_simple(lines):
    lines.append("%s %s, %s, %s" % (rnd.choice(R_OPS[:15]), xd(), x(), x()))


def block(k):
    out = [".globl rnd_block_%d" % k, ".type rnd_block_%d, @function" % k, "rnd_block_%d:" % k,
           "addi sp, sp, -208"]
    saved = ["x1"] + ["x%d" % r for r in (8, 9) + tuple(range(18, 28))]
    for i, r in enumerate(saved):
        out.append("sd %s, %d(sp)" % (r, 8 * i))
    for i, r in enumerate([8, 9] + list(range(18, 28))):
        out.append("fsd f%d, %d(sp)" % (r, 8 * (len(saved) + i)))
    out.append("mv x27, a0")
    for r in GP:
        out.append("ld x%d, %d(x27)" % (r, 8 * r))
    for r in range(32):
        out.append("fld f%d, %d(x27)" % (r, 256 + 8 * r))
    out += ["ld x5, 512(x27)", "fscsr x5", "ld x5, 40(x27)"]
    lines = []
    for i in range(LEN):
        one(lines, ".Lb%d_%d" % (k, i))
    out += lines
    for r in GP:
        out.append("sd x%d, %d(x27)" % (r, 8 * r))
    for r in range(32):
        out.append("fsd f%d, %d(x27)" % (r, 256 + 8 * r))
    out += ["frcsr x5", "sd x5, 512(x27)"]
    for i, r in enumerate(saved):
        out.append("ld %s, %d(sp)" % (r, 8 * i))
    for i, r in enumerate([8, 9] + list(range(18, 28))):
        out.append("fld f%d, %d(sp)" % (r, 8 * (len(saved) + i)))
    out += ["addi sp, sp, 208", "ret", ".size rnd_block_%d, .-rnd_block_%d" % (k, k), ""]
    return out


text = ["/* generated by tests/guest/gen_randops.py: do not edit */", ".text"]
for k in range(BLOCKS):
    text += block(k)
text += [".section .rodata", ".balign 8", ".globl rnd_blocks", "rnd_blocks:"]
text += [".dword rnd_block_%d" % k for k in range(BLOCKS)]
text += [".globl rnd_nblocks", "rnd_nblocks:", ".dword %d" % BLOCKS]
with open(OUT, "w") as fh:
    fh.write("\n".join(text) + "\n")
