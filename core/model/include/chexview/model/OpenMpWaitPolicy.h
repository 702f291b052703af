#pragma once

namespace chexview {

/// LibTorch runs its CPU kernels on OpenMP (libgomp), whose idle threads spin for a while
/// before sleeping (OMP_WAIT_POLICY unset = spin). On a shared or busy 2-core machine the
/// spinning threads burnt ~3/4 of the CPU time of `evaluate --images` and stalled the decode
/// pool. libgomp reads the variable once, when it is loaded — at process start, since Qt Core
/// pulls it in through libb2 — so it cannot be changed from main(): the program re-executes
/// itself with OMP_WAIT_POLICY=PASSIVE instead (a few milliseconds, once).
/// Thread contract: call first thing in main(), before any thread exists.
class OpenMpWaitPolicy
{
public:
    /// When OMP_WAIT_POLICY is unset (a user's own setting is kept), sets it to PASSIVE and
    /// re-executes /proc/self/exe with `argv`. Returns only when nothing had to be done or the
    /// re-execution failed (then the program simply goes on with the spinning default).
    static void ensurePassive(char** argv);
};

} // namespace chexview
