#pragma once

#include "DimseInterrupt.h"

#include <dcmtk/dcmnet/scu.h>

namespace chexview {

/// A DcmSCU whose associations run over a DimseInterrupt's transport, so that another thread can
/// stop them at once (private to chexview_pacs; every DimseClient service uses one).
/// Thread contract: as DcmSCU, one thread; the interrupt from any thread.
class InterruptibleScu : public DcmSCU
{
public:
    explicit InterruptibleScu(DimseInterrupt& interrupt) : m_interrupt(interrupt) {}
    /// DcmSCU's network, then this transport on it.
    OFCondition initNetwork() override;
    bool interrupted() const { return m_interrupt.interrupted(); }
    DimseInterrupt& interrupt() { return m_interrupt; }

private:
    DimseInterrupt& m_interrupt;
};

} // namespace chexview
