#include "chexview/model/OpenMpWaitPolicy.h"

#include <cstdlib>

#ifdef __linux__
#include <unistd.h>
#endif

namespace chexview {

void OpenMpWaitPolicy::ensurePassive(char** argv)
{
#ifdef __linux__
    if (std::getenv("OMP_WAIT_POLICY") || !argv || !argv[0])
        return;
    if (setenv("OMP_WAIT_POLICY", "PASSIVE", 0) != 0)
        return;
    execv("/proc/self/exe", argv);
    // exec failed (no /proc): carry on; the variable set now only reaches child processes.
#else
    (void)argv;
#endif
}

} // namespace chexview
