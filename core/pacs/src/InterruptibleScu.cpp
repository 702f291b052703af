#include "InterruptibleScu.h"

namespace chexview {

OFCondition InterruptibleScu::initNetwork()
{
    const OFCondition cond = DcmSCU::initNetwork();
    if (cond.bad())
        return cond;
    // The only transport hook DcmSCU has; the connections are plain TCP all the same.
    return useSecureConnection(&m_interrupt);
}

} // namespace chexview
