#include "StorageScp.h"
#include "DimseAssociation.h"
#include "chexview/pacs/PacsError.h"

#include <QFile>

#include <dcmtk/dcmdata/dcuid.h>
#include <dcmtk/dcmnet/scp.h>

#include <chrono>

namespace chexview {

class StorageScp::Scp : public DcmSCP
{
public:
    explicit Scp(StorageScp& owner) : m_owner(owner) {}

protected:
    OFBool checkCalledAETitleAccepted(const OFString& calledAE) override
    {
        return QString::fromLatin1(calledAE.c_str()).trimmed() == m_owner.m_aeTitle;
    }
    OFBool checkCallingAETitleAccepted(const OFString& callingAE) override
    {
        return QString::fromLatin1(callingAE.c_str()).trimmed() == m_owner.m_peerAeTitle;
    }
    void notifyAssociationAcknowledge() override { m_owner.m_active.store(true); }
    void notifyAbortRequest() override { m_owner.m_interrupted.store(true); }
    void notifyDIMSEError(const OFCondition& cond) override
    {
        if (cond != DUL_PEERREQUESTEDRELEASE && cond != DIMSE_NODATAAVAILABLE)
            m_owner.m_interrupted.store(true);
    }
    void notifyAssociationTermination() override { m_owner.m_active.store(false); }
    OFBool stopAfterConnectionTimeout() override { return m_owner.m_stop.load(); }
    OFBool stopAfterCurrentAssociation() override { return m_owner.m_stop.load(); }

    OFCondition handleIncomingCommand(T_DIMSE_Message* msg,
                                      const DcmPresentationContextInfo& info) override
    {
        if (msg->CommandField != DIMSE_C_STORE_RQ)
            return DcmSCP::handleIncomingCommand(msg, info);
        if (m_owner.m_cancel && m_owner.m_cancel->load())
            return makeOFCondition(OFM_dcmnet, 999, OF_error, "cancelled");
        T_DIMSE_C_StoreRQ& request = msg->msg.CStoreRQ;
        const QString part = m_owner.m_cache.newPartPath();
        OFCondition cond = receiveSTORERequest(request, info.presentationContextID,
                                               OFString(QFile::encodeName(part).constData()));
        if (cond.bad()) {
            QFile::remove(part);
            std::lock_guard<std::mutex> lock(m_owner.m_mutex);
            m_owner.m_problems << QStringLiteral("receiving %1 failed: %2")
                                      .arg(QString::fromLatin1(request.AffectedSOPInstanceUID),
                                           QString::fromLatin1(cond.text()));
            return cond;
        }
        Uint16 status = STATUS_Success;
        try {
            const CachedInstance instance = m_owner.m_cache.adopt(part);
            {
                std::lock_guard<std::mutex> lock(m_owner.m_mutex);
                m_owner.m_uids << instance.sopInstanceUid;
            }
            m_owner.m_received.fetch_add(1);
            if (m_owner.m_onInstance)
                m_owner.m_onInstance(instance);
        } catch (const PacsError& e) {
            status = STATUS_STORE_Error_CannotUnderstand;
            std::lock_guard<std::mutex> lock(m_owner.m_mutex);
            m_owner.m_problems << e.message();
        }
        return sendSTOREResponse(info.presentationContextID, request, status);
    }

private:
    StorageScp& m_owner;
};

StorageScp::StorageScp(InstanceCache& cache, const QString& aeTitle, int port,
                       const QString& peerAeTitle, int timeoutSeconds, InstanceReceived onInstance,
                       const std::atomic_bool* cancel)
    : m_cache(cache), m_aeTitle(aeTitle), m_peerAeTitle(peerAeTitle), m_port(port),
      m_timeoutSeconds(timeoutSeconds), m_onInstance(std::move(onInstance)), m_cancel(cancel)
{
    if (!PacsNode::isValidAeTitle(aeTitle))
        throw PacsError(PacsError::Code::BadArgument,
                        QStringLiteral("invalid storage AE title '%1'").arg(aeTitle));
    if (port < 1 || port > 65535)
        throw PacsError(PacsError::Code::BadArgument,
                        QStringLiteral("C-MOVE needs the port of chexview's storage SCP as the "
                                       "PACS knows it (1..65535), got %1")
                            .arg(port));
}

StorageScp::~StorageScp()
{
    stop(0);
}

void StorageScp::start()
{
    DimseAssociation::quietLogs();
    m_scp = std::make_unique<Scp>(*this);
    m_scp->setAETitle(m_aeTitle.toLatin1().constData());
    m_scp->setPort(Uint16(m_port));
    m_scp->setRespondWithCalledAETitle(OFFalse);
    m_scp->setConnectionBlockingMode(DUL_NOBLOCK);
    m_scp->setConnectionTimeout(1); // polls the stop flag once a second
    m_scp->setDIMSEBlockingMode(DIMSE_NONBLOCKING);
    m_scp->setDIMSETimeout(Uint32(m_timeoutSeconds));
    m_scp->setACSETimeout(Uint32(m_timeoutSeconds));
    m_scp->setMaxReceivePDULength(ASC_DEFAULTMAXPDU);
    m_scp->setHostLookupEnabled(OFFalse);
    const OFList<OFString> syntaxes = DimseAssociation::decodableSyntaxes();
    for (const char* sopClass : DimseAssociation::storageClasses())
        m_scp->addPresentationContext(sopClass, syntaxes);
    for (const char* sopClass : {UID_ComprehensiveSRStorage, UID_Comprehensive3DSRStorage,
                                 UID_EnhancedSRStorage, UID_ParametricMapStorage})
        m_scp->addPresentationContext(sopClass, DimseAssociation::uncompressedSyntaxes());
    m_scp->addPresentationContext(UID_VerificationSOPClass,
                                  DimseAssociation::uncompressedSyntaxes());
    const OFCondition cond = m_scp->openListenPort();
    if (cond.bad())
        throw PacsError(PacsError::Code::Storage,
                        QStringLiteral("chexview's storage SCP cannot listen on port %1: %2")
                            .arg(m_port)
                            .arg(cond.text()));
    m_thread = std::thread([this] { m_scp->acceptAssociations(); });
}

void StorageScp::stop(int graceSeconds)
{
    if (!m_thread.joinable())
        return;
    // The PACS sends its final C-MOVE response after its sub-association; give a release in
    // progress a moment to finish before stopping.
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(graceSeconds);
    while (m_active.load() && std::chrono::steady_clock::now() < deadline)
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
    m_stop.store(true);
    m_thread.join();
    m_scp.reset();
}

QStringList StorageScp::receivedUids() const
{
    std::lock_guard<std::mutex> lock(m_mutex);
    return m_uids;
}

QStringList StorageScp::problems() const
{
    std::lock_guard<std::mutex> lock(m_mutex);
    return m_problems;
}

} // namespace chexview
