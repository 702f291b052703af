#pragma once

#include "InterruptibleScu.h"
#include "chexview/pacs/DimseClient.h"
#include "chexview/pacs/InstanceCache.h"

#include <QStringList>

#include <atomic>

namespace chexview {

/// C-GET's storage side (private to chexview_pacs): every incoming C-STORE is received
/// bit-preserving into a temporary file of the cache, then checked and adopted under its SOP
/// Instance UID; `onInstance` is told of each. Used by the study-level and the image-level
/// C-GET. Thread contract: as DcmSCU, one thread; `cancel` is read on it.
class GetScu : public InterruptibleScu
{
public:
    GetScu(DimseInterrupt& interrupt, InstanceCache& cache,
           const DimseClient::InstanceReceived& onInstance, const std::atomic_bool& cancel)
        : InterruptibleScu(interrupt), m_cache(cache), m_onInstance(onInstance), m_cancel(cancel)
    {
    }
    int received = 0;
    QStringList problems;

protected:
    OFCondition handleSTORERequestFile(T_ASC_PresentationContextID* presID, const OFString&,
                                       T_DIMSE_C_StoreRQ* request) override;

private:
    InstanceCache& m_cache;
    const DimseClient::InstanceReceived& m_onInstance;
    const std::atomic_bool& m_cancel;
};

} // namespace chexview
