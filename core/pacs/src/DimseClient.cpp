#include "chexview/pacs/DimseClient.h"
#include "DimseAssociation.h"
#include "DimseInterrupt.h"
#include "GetScu.h"
#include "InterruptibleScu.h"
#include "RetrieveOutcome.h"
#include "chexview/pacs/PacsError.h"

#include <QFile>

#include <dcmtk/dcmdata/dcdeftag.h>
#include <dcmtk/dcmdata/dcfilefo.h>
#include <dcmtk/dcmdata/dcuid.h>
#include <dcmtk/dcmnet/scu.h>

#include <memory>
#include <set>

namespace chexview {

namespace {

QString text(const DcmTagKey& key, DcmItem* item)
{
    OFString value;
    if (item)
        item->findAndGetOFStringArray(key, value);
    return QString::fromLatin1(value.c_str()).trimmed();
}

} // namespace

DimseClient::DimseClient(const PacsNode& node, int timeoutSeconds)
    : m_node(node), m_timeoutSeconds(std::max(1, timeoutSeconds)),
      m_interrupt(std::make_unique<DimseInterrupt>())
{
    if (!m_node.hasDimse())
        throw PacsError(
            PacsError::Code::BadArgument,
            QStringLiteral("node '%1' has no DIMSE peer (AET@HOST:PORT)").arg(m_node.name));
    if (!PacsNode::isValidAeTitle(m_node.callingAet))
        throw PacsError(PacsError::Code::BadArgument,
                        QStringLiteral("invalid calling AE title '%1'").arg(m_node.callingAet));
}

DimseClient::~DimseClient() = default;

void DimseClient::cancel()
{
    m_cancel.store(true);
    m_interrupt->interrupt();
}

QString DimseClient::echo()
{
    InterruptibleScu scu(*m_interrupt);
    DimseAssociation::openFor(scu, m_node, m_timeoutSeconds, UID_VerificationSOPClass);
    const OFCondition cond = scu.sendECHORequest(0);
    DimseAssociation::throwIfInterrupted(scu);
    DimseAssociation::release(scu);
    if (cond.bad())
        throw PacsError(PacsError::Code::DimseFailure,
                        QStringLiteral("C-ECHO failed: %1").arg(cond.text()));
    return QStringLiteral("C-ECHO %1 -> %2@%3:%4 succeeded")
        .arg(m_node.callingAet, m_node.calledAet, m_node.host)
        .arg(m_node.port);
}

QList<StudyRecord> DimseClient::findStudies(const StudyQuery& query)
{
    InterruptibleScu scu(*m_interrupt);
    DimseAssociation::openFor(scu, m_node, m_timeoutSeconds,
                              UID_FINDStudyRootQueryRetrieveInformationModel);

    DcmDataset keys;
    keys.putAndInsertString(DCM_QueryRetrieveLevel, "STUDY");
    keys.putAndInsertString(DCM_SpecificCharacterSet, "ISO_IR 192");
    auto put = [&](const DcmTagKey& key, const QString& value) {
        keys.putAndInsertString(key, value.toUtf8().constData());
    };
    put(DCM_StudyInstanceUID, {});
    put(DCM_PatientName, query.patientName);
    put(DCM_PatientID, query.patientId);
    put(DCM_AccessionNumber, query.accessionNumber);
    put(DCM_StudyDate, query.dicomDateRange());
    put(DCM_ModalitiesInStudy, query.modalities.join(QLatin1Char('\\')));
    put(DCM_StudyDescription, {});
    put(DCM_NumberOfStudyRelatedInstances, {});

    const T_ASC_PresentationContextID pc =
        scu.findPresentationContextID(UID_FINDStudyRootQueryRetrieveInformationModel, "");
    OFList<QRResponse*> responses;
    const OFCondition cond = scu.sendFINDRequest(pc, &keys, &responses);
    QList<StudyRecord> studies;
    Uint16 finalStatus = 0;
    for (QRResponse* r : responses) {
        finalStatus = r->m_status;
        if (r->m_dataset && (r->m_status == 0xFF00 || r->m_status == 0xFF01)) {
            StudyRecord s;
            s.studyInstanceUid = text(DCM_StudyInstanceUID, r->m_dataset);
            s.patientName = text(DCM_PatientName, r->m_dataset);
            s.patientId = text(DCM_PatientID, r->m_dataset);
            s.studyDate = text(DCM_StudyDate, r->m_dataset);
            s.accessionNumber = text(DCM_AccessionNumber, r->m_dataset);
            s.description = text(DCM_StudyDescription, r->m_dataset);
            const QString modalities = text(DCM_ModalitiesInStudy, r->m_dataset);
            s.modalities = modalities.split(QLatin1Char('\\'), Qt::SkipEmptyParts);
            bool ok = false;
            const int n = text(DCM_NumberOfStudyRelatedInstances, r->m_dataset).toInt(&ok);
            s.numberOfInstances = ok && n >= 0 ? n : -1;
            if (InstanceCache::isValidUid(s.studyInstanceUid))
                studies.append(s);
        }
        delete r;
    }
    DimseAssociation::endFind(scu, cond, finalStatus);
    return studies;
}

int DimseClient::getStudy(const QString& studyInstanceUid, InstanceCache& cache,
                          const InstanceReceived& onInstance)
{
    if (!InstanceCache::isValidUid(studyInstanceUid))
        throw PacsError(PacsError::Code::BadArgument,
                        QStringLiteral("'%1' is not a Study Instance UID").arg(studyInstanceUid));
    const QStringList expected = listInstances(studyInstanceUid);
    GetScu scu(*m_interrupt, cache, onInstance, m_cancel);
    DimseAssociation::configure(scu, m_node, m_timeoutSeconds);
    scu.setStorageMode(DCMSCU_STORAGE_BIT_PRESERVING);
    scu.setStorageDir(QFile::encodeName(cache.dir()).constData());
    scu.addPresentationContext(UID_GETStudyRootQueryRetrieveInformationModel,
                               DimseAssociation::uncompressedSyntaxes());
    DimseAssociation::addStorageContexts(scu);
    DimseAssociation::open(scu, m_node);

    DcmDataset keys;
    keys.putAndInsertString(DCM_QueryRetrieveLevel, "STUDY");
    keys.putAndInsertString(DCM_StudyInstanceUID, studyInstanceUid.toLatin1().constData());
    const T_ASC_PresentationContextID pc =
        scu.findPresentationContextID(UID_GETStudyRootQueryRetrieveInformationModel, "");
    OFList<RetrieveResponse*> responses;
    const OFCondition cond = scu.sendCGETRequest(pc, &keys, &responses);
    RetrieveOutcome o = RetrieveOutcome::finish(scu, cond, responses);
    o.setReceived(scu.received, scu.problems, missingText(expected, cache));
    o.throwIfStopped("C-GET", m_cancel.load(), cond);
    if (o.failed > 0 || (o.status != 0 && o.status != 0xB000) || !scu.problems.isEmpty())
        throw PacsError(PacsError::Code::DimseFailure,
                        QStringLiteral("C-GET status 0x%1: %2 instance(s) not received (the PACS "
                                       "could not send them in an accepted SOP class or transfer "
                                       "syntax), %3 completed, %4 with warnings; %5%6")
                            .arg(o.status, 4, 16, QLatin1Char('0'))
                            .arg(o.failed)
                            .arg(o.completed)
                            .arg(o.warnings)
                            .arg(o.kept + o.missing, o.problems));
    return scu.received;
}

void DimseClient::store(const QStringList& files)
{
    InterruptibleScu scu(*m_interrupt);
    DimseAssociation::configure(scu, m_node, m_timeoutSeconds);
    struct Item
    {
        QString path;
        OFString sopClass, transferSyntax;
    };
    std::vector<Item> items;
    std::set<std::pair<OFString, OFString>> contexts;
    for (const QString& path : files) {
        DcmFileFormat file;
        const OFCondition c = file.loadFile(OFFilename(QFile::encodeName(path).constData()),
                                            EXS_Unknown, EGL_noChange, 4096, ERM_fileOnly);
        if (c.bad())
            throw PacsError(PacsError::Code::NotDicom,
                            QStringLiteral("%1 is not a DICOM file: %2").arg(path, c.text()));
        Item item{path, {}, {}};
        file.getMetaInfo()->findAndGetOFString(DCM_MediaStorageSOPClassUID, item.sopClass);
        file.getMetaInfo()->findAndGetOFString(DCM_TransferSyntaxUID, item.transferSyntax);
        if (item.sopClass.empty() || item.transferSyntax.empty())
            throw PacsError(PacsError::Code::NotDicom,
                            QStringLiteral("%1 has no SOP class or transfer syntax").arg(path));
        if (contexts.insert({item.sopClass, item.transferSyntax}).second) {
            OFList<OFString> ts;
            ts.push_back(item.transferSyntax);
            scu.addPresentationContext(item.sopClass, ts);
        }
        items.push_back(item);
    }
    DimseAssociation::open(scu, m_node);
    for (const Item& item : items) {
        const T_ASC_PresentationContextID pc =
            scu.findPresentationContextID(item.sopClass, item.transferSyntax);
        if (pc == 0) {
            DimseAssociation::release(scu);
            throw PacsError(PacsError::Code::AssociationRejected,
                            QStringLiteral("the PACS does not accept %1 in transfer syntax %2")
                                .arg(QString::fromLatin1(item.sopClass.c_str()),
                                     QString::fromLatin1(item.transferSyntax.c_str())));
        }
        Uint16 status = 0;
        const OFCondition c = scu.sendSTORERequest(
            pc, OFFilename(QFile::encodeName(item.path).constData()), nullptr, status);
        DimseAssociation::throwIfInterrupted(scu);
        if (c.bad() || status != 0) {
            DimseAssociation::release(scu);
            throw PacsError(PacsError::Code::DimseFailure,
                            QStringLiteral("C-STORE of %1 failed: %2 (status 0x%3)")
                                .arg(item.path, QString::fromLatin1(c.text()))
                                .arg(status, 4, 16, QLatin1Char('0')));
        }
    }
    DimseAssociation::release(scu);
}

} // namespace chexview
