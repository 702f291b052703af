#include "GetScu.h"
#include "chexview/pacs/PacsError.h"

#include <QFile>

namespace chexview {

OFCondition GetScu::handleSTORERequestFile(T_ASC_PresentationContextID* presID, const OFString&,
                                           T_DIMSE_C_StoreRQ* request)
{
    if (m_cancel.load())
        return makeOFCondition(OFM_dcmnet, 999, OF_error, "cancelled");
    // The file name DCMTK proposes comes from the peer's UID; ours does not.
    const QString part = m_cache.newPartPath();
    const OFCondition cond = DcmSCU::handleSTORERequestFile(
        presID, OFString(QFile::encodeName(part).constData()), request);
    if (cond.bad()) {
        QFile::remove(part);
        problems << QStringLiteral("receiving an instance failed: %1").arg(cond.text());
        return cond;
    }
    try {
        const CachedInstance instance = m_cache.adopt(part);
        ++received;
        if (m_onInstance)
            m_onInstance(instance);
    } catch (const PacsError& e) {
        problems << e.message();
    }
    return cond;
}

} // namespace chexview
