// DimseClient's C-MOVE (to chexview's own storage SCP) and the instance listing that lets a
// retrieve that stops early say what was not received.
#include "DimseAssociation.h"
#include "DimseInterrupt.h"
#include "RetrieveOutcome.h"
#include "StorageScp.h"
#include "chexview/pacs/DimseClient.h"
#include "chexview/pacs/PacsError.h"

#include <dcmtk/dcmdata/dcdeftag.h>
#include <dcmtk/dcmdata/dcuid.h>
#include <dcmtk/dcmnet/scu.h>

namespace chexview {

QStringList DimseClient::listInstances(const QString& studyInstanceUid)
{
    QStringList uids;
    try {
        InterruptibleScu scu(*m_interrupt);
        DimseAssociation::openFor(scu, m_node, m_timeoutSeconds,
                                  UID_FINDStudyRootQueryRetrieveInformationModel);
        DcmDataset keys;
        keys.putAndInsertString(DCM_QueryRetrieveLevel, "IMAGE");
        keys.putAndInsertString(DCM_StudyInstanceUID, studyInstanceUid.toLatin1().constData());
        keys.putAndInsertString(DCM_SeriesInstanceUID, "");
        keys.putAndInsertString(DCM_SOPInstanceUID, "");
        const T_ASC_PresentationContextID pc =
            scu.findPresentationContextID(UID_FINDStudyRootQueryRetrieveInformationModel, "");
        OFList<QRResponse*> responses;
        const OFCondition cond = scu.sendFINDRequest(pc, &keys, &responses);
        for (QRResponse* r : responses) {
            OFString uid;
            if (r->m_dataset && r->m_dataset->findAndGetOFString(DCM_SOPInstanceUID, uid).good() &&
                InstanceCache::isValidUid(QString::fromLatin1(uid.c_str())))
                uids << QString::fromLatin1(uid.c_str());
            delete r;
        }
        DimseAssociation::release(scu);
        if (cond.bad())
            return {};
    } catch (const PacsError&) {
        return {}; // the retrieve itself will say what is wrong with the peer
    }
    uids.removeDuplicates();
    return uids;
}

QString DimseClient::missingText(const QStringList& expected, const InstanceCache& cache)
{
    QStringList missing;
    for (const QString& uid : expected)
        if (!cache.contains(uid))
            missing << uid;
    if (missing.isEmpty())
        return {};
    const int shown = 5;
    return QStringLiteral("; not received: %1 of %2 instance(s) (%3%4)")
        .arg(missing.size())
        .arg(expected.size())
        .arg(QStringList(missing.mid(0, shown)).join(QLatin1String(", ")),
             missing.size() > shown ? QStringLiteral(", ...") : QString());
}

int DimseClient::moveStudy(const QString& studyInstanceUid, InstanceCache& cache,
                           const QString& moveAet, int movePort, const InstanceReceived& onInstance)
{
    if (!InstanceCache::isValidUid(studyInstanceUid))
        throw PacsError(PacsError::Code::BadArgument,
                        QStringLiteral("'%1' is not a Study Instance UID").arg(studyInstanceUid));
    StorageScp scp(cache, moveAet, movePort, m_node.calledAet, m_timeoutSeconds, onInstance,
                   &m_cancel);
    const QStringList expected = listInstances(studyInstanceUid);
    scp.start();

    InterruptibleScu scu(*m_interrupt);
    DimseAssociation::openFor(scu, m_node, m_timeoutSeconds,
                              UID_MOVEStudyRootQueryRetrieveInformationModel);
    DcmDataset keys;
    keys.putAndInsertString(DCM_QueryRetrieveLevel, "STUDY");
    keys.putAndInsertString(DCM_StudyInstanceUID, studyInstanceUid.toLatin1().constData());
    const T_ASC_PresentationContextID pc =
        scu.findPresentationContextID(UID_MOVEStudyRootQueryRetrieveInformationModel, "");
    OFList<RetrieveResponse*> responses;
    const OFCondition cond =
        scu.sendMOVERequest(pc, moveAet.toLatin1().constData(), &keys, &responses);
    RetrieveOutcome o = RetrieveOutcome::finish(scu, cond, responses);
    scp.stop(cond.bad() ? 0 : m_timeoutSeconds);
    o.setReceived(scp.received(), scp.problems(), missingText(expected, cache));
    o.throwIfStopped("C-MOVE", m_cancel.load(), cond);
    // 0xA801 is "move destination unknown"; Orthanc answers 0xC000 and sends nothing.
    if (o.status == 0xA801 ||
        (o.status >= 0xC000 && o.completed == 0 && o.failed == 0 && scp.received() == 0))
        throw PacsError(PacsError::Code::DimseFailure,
                        QStringLiteral("the PACS refused the C-MOVE (status 0x%1) and sent "
                                       "nothing: does it list '%2' as a DICOM modality at this "
                                       "host and port %3?%4")
                            .arg(o.status, 4, 16, QLatin1Char('0'))
                            .arg(moveAet)
                            .arg(movePort)
                            .arg(o.missing));
    if (o.failed > 0 || (o.status != 0 && o.status != 0xB000) || !scp.problems().isEmpty() ||
        !o.missing.isEmpty())
        throw PacsError(PacsError::Code::DimseFailure,
                        QStringLiteral("C-MOVE status 0x%1: %2 sub-operation(s) failed, %3 "
                                       "completed; %4%5%6")
                            .arg(o.status, 4, 16, QLatin1Char('0'))
                            .arg(o.failed)
                            .arg(o.completed)
                            .arg(o.kept, o.missing, o.problems));
    return scp.received();
}

} // namespace chexview
