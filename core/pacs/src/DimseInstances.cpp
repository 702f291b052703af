// DimseClient at instance level: the image-level C-FIND of one study (optionally of one SOP
// class) and the image-level C-GET of just the instances it found.
#include "DimseAssociation.h"
#include "DimseInterrupt.h"
#include "GetScu.h"
#include "RetrieveOutcome.h"
#include "chexview/pacs/DimseClient.h"
#include "chexview/pacs/PacsError.h"

#include <QFile>

#include <dcmtk/dcmdata/dcdeftag.h>
#include <dcmtk/dcmdata/dcuid.h>
#include <dcmtk/dcmnet/scu.h>

namespace chexview {

namespace {

QString uidOf(const DcmTagKey& key, DcmItem* item)
{
    OFString value;
    if (item)
        item->findAndGetOFString(key, value);
    return QString::fromLatin1(value.c_str()).trimmed();
}

} // namespace

QList<InstanceRecord> DimseClient::findInstances(const QString& studyInstanceUid,
                                                 const QString& sopClassUid)
{
    if (!InstanceCache::isValidUid(studyInstanceUid))
        throw PacsError(PacsError::Code::BadArgument,
                        QStringLiteral("'%1' is not a Study Instance UID").arg(studyInstanceUid));
    if (!sopClassUid.isEmpty() && !InstanceCache::isValidUid(sopClassUid))
        throw PacsError(PacsError::Code::BadArgument,
                        QStringLiteral("'%1' is not a SOP Class UID").arg(sopClassUid));
    InterruptibleScu scu(*m_interrupt);
    DimseAssociation::openFor(scu, m_node, m_timeoutSeconds,
                              UID_FINDStudyRootQueryRetrieveInformationModel);
    DcmDataset keys;
    keys.putAndInsertString(DCM_QueryRetrieveLevel, "IMAGE");
    keys.putAndInsertString(DCM_StudyInstanceUID, studyInstanceUid.toLatin1().constData());
    keys.putAndInsertString(DCM_SeriesInstanceUID, "");
    keys.putAndInsertString(DCM_SOPInstanceUID, "");
    keys.putAndInsertString(DCM_SOPClassUID, sopClassUid.toLatin1().constData());
    const T_ASC_PresentationContextID pc =
        scu.findPresentationContextID(UID_FINDStudyRootQueryRetrieveInformationModel, "");
    OFList<QRResponse*> responses;
    const OFCondition cond = scu.sendFINDRequest(pc, &keys, &responses);
    QList<InstanceRecord> found;
    QStringList seen;
    Uint16 finalStatus = 0;
    for (QRResponse* r : responses) {
        finalStatus = r->m_status;
        if (r->m_dataset && (r->m_status == 0xFF00 || r->m_status == 0xFF01)) {
            InstanceRecord i;
            i.studyInstanceUid = uidOf(DCM_StudyInstanceUID, r->m_dataset);
            if (i.studyInstanceUid.isEmpty())
                i.studyInstanceUid = studyInstanceUid;
            i.seriesInstanceUid = uidOf(DCM_SeriesInstanceUID, r->m_dataset);
            i.sopInstanceUid = uidOf(DCM_SOPInstanceUID, r->m_dataset);
            i.sopClassUid = uidOf(DCM_SOPClassUID, r->m_dataset);
            // A PACS that ignores a key it does not index answers more: filtered here too.
            if (i.isValid() && i.studyInstanceUid == studyInstanceUid &&
                (sopClassUid.isEmpty() || i.sopClassUid == sopClassUid) &&
                !seen.contains(i.sopInstanceUid)) {
                seen << i.sopInstanceUid;
                found.append(i);
            }
        }
        delete r;
    }
    DimseAssociation::endFind(scu, cond, finalStatus);
    return found;
}

int DimseClient::getInstances(const QList<InstanceRecord>& instances, InstanceCache& cache,
                              const InstanceReceived& onInstance)
{
    QStringList classes, expected;
    for (const InstanceRecord& i : instances) {
        if (!i.isValid())
            throw PacsError(PacsError::Code::BadArgument,
                            QStringLiteral("instance '%1' lacks a valid study, series, SOP "
                                           "instance or SOP class UID")
                                .arg(i.sopInstanceUid.left(80)));
        classes << i.sopClassUid;
        expected << i.sopInstanceUid;
    }
    if (instances.isEmpty())
        return 0;
    GetScu scu(*m_interrupt, cache, onInstance, m_cancel);
    DimseAssociation::configure(scu, m_node, m_timeoutSeconds);
    scu.setStorageMode(DCMSCU_STORAGE_BIT_PRESERVING);
    scu.setStorageDir(QFile::encodeName(cache.dir()).constData());
    scu.addPresentationContext(UID_GETStudyRootQueryRetrieveInformationModel,
                               DimseAssociation::uncompressedSyntaxes());
    DimseAssociation::addStorageContextsFor(scu, classes);
    DimseAssociation::open(scu, m_node);
    const T_ASC_PresentationContextID pc =
        scu.findPresentationContextID(UID_GETStudyRootQueryRetrieveInformationModel, "");

    // One C-GET per instance on the one association: a list of UIDs in one identifier is
    // optional for a PACS, one UID is not.
    RetrieveOutcome total;
    OFCondition cond = EC_Normal;
    for (const InstanceRecord& i : instances) {
        DcmDataset keys;
        keys.putAndInsertString(DCM_QueryRetrieveLevel, "IMAGE");
        keys.putAndInsertString(DCM_StudyInstanceUID, i.studyInstanceUid.toLatin1().constData());
        keys.putAndInsertString(DCM_SeriesInstanceUID, i.seriesInstanceUid.toLatin1().constData());
        keys.putAndInsertString(DCM_SOPInstanceUID, i.sopInstanceUid.toLatin1().constData());
        OFList<RetrieveResponse*> responses;
        cond = scu.sendCGETRequest(pc, &keys, &responses);
        const RetrieveOutcome o = RetrieveOutcome::collect(responses);
        total.failed = Uint16(total.failed + o.failed);
        total.completed = Uint16(total.completed + o.completed);
        total.warnings = Uint16(total.warnings + o.warnings);
        if (o.status != 0 && (total.status == 0 || total.status == 0xB000))
            total.status = o.status; // the first problem is what is reported
        if (cond.bad() || m_cancel.load() || scu.interrupted())
            break;
    }
    if (cond.bad())
        scu.abortAssociation();
    else
        DimseAssociation::release(scu);
    total.setReceived(scu.received, scu.problems, missingText(expected, cache));
    total.throwIfStopped("C-GET", m_cancel.load(), cond);
    if (total.failed > 0 || (total.status != 0 && total.status != 0xB000) ||
        !scu.problems.isEmpty() || !total.missing.isEmpty())
        throw PacsError(PacsError::Code::DimseFailure,
                        QStringLiteral("image-level C-GET status 0x%1: %2 instance(s) not "
                                       "received, %3 completed, %4 with warnings; %5%6%7")
                            .arg(total.status, 4, 16, QLatin1Char('0'))
                            .arg(total.failed)
                            .arg(total.completed)
                            .arg(total.warnings)
                            .arg(total.kept, total.missing, total.problems));
    return scu.received;
}

} // namespace chexview
