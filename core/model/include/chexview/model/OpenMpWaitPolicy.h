#pragma once

namespace chexview {

/// LibTorch runs its CPU kernels on OpenMP (libgomp), whose idle threads spin for a while
/// before sleeping (OMP_WAIT_POLICY unset = spin). On a shared or busy 2-core machine the
/// spinning threads burnt ~3/4 of the CPU time of `evaluate --images` and stalled the decode
/// pool. libgomp reads the variable once, when it is loaded — at process start, since Qt Core
/// pulls it in through libb2 — so it cannot be changed from main(): the program re-executes
/// itself with OMP_WAIT_POLICY=PASSIVE and GOMP_SPINCOUNT=10000 instead (a few milliseconds,
/// once): a short spin, then sleep. Measured on a quiet 2-core Zen 4, single-image inference,
/// ms: spin forever 13.4–15.5 (int8) / 60–63 (fp32-opt); sleep at once 24.5–25.2 / 69–82;
/// 10,000 spins 13.6–13.7 / 45–47.
/// Thread contract: call first thing in main(), before any thread exists.
class OpenMpWaitPolicy
{
public:
    /// When OMP_WAIT_POLICY is unset (a user's own setting is kept), sets it to PASSIVE (and
    /// GOMP_SPINCOUNT to 10000 unless set) and re-executes /proc/self/exe with `argv`. Returns only
    /// when nothing had to be done or the re-execution failed (then the program simply goes on with
    /// the spinning default).
    static void ensurePassive(char** argv);
};

} // namespace chexview
