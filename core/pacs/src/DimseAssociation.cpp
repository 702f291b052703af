#include "DimseAssociation.h"
#include "chexview/pacs/PacsError.h"

#include <QByteArray>

#include <dcmtk/dcmdata/dcuid.h>
#include <dcmtk/dcmnet/assoc.h>
#include <dcmtk/dcmnet/diutil.h>
#include <dcmtk/oflog/oflog.h>

#include <algorithm>
#include <mutex>

namespace chexview {

void DimseAssociation::quietLogs()
{
    // dcmnet narrates every association at INFO level and logs each failure at ERROR level
    // before returning it; failures reach the user once, as PacsError.
    static std::once_flag quiet;
    std::call_once(quiet,
                   [] { OFLog::getLogger("dcmtk.dcmnet").setLogLevel(OFLogger::FATAL_LOG_LEVEL); });
}

void DimseAssociation::configure(DcmSCU& scu, const PacsNode& node, int timeoutSeconds)
{
    quietLogs();
    scu.setAETitle(node.callingAet.toLatin1().constData());
    scu.setPeerAETitle(node.calledAet.toLatin1().constData());
    scu.setPeerHostName(node.host.toLatin1().constData());
    scu.setPeerPort(Uint16(node.port));
    scu.setMaxReceivePDULength(ASC_DEFAULTMAXPDU);
    scu.setDIMSEBlockingMode(DIMSE_NONBLOCKING);
    scu.setDIMSETimeout(Uint32(timeoutSeconds));
    scu.setACSETimeout(Uint32(timeoutSeconds));
    scu.setConnectionTimeout(Sint32(timeoutSeconds));
}

QString DimseAssociation::rejectReason(const PacsNode& node, int timeoutSeconds,
                                       DimseInterrupt& interrupt)
{
    // DcmSCU keeps the A-ASSOCIATE-RJ parameters to itself: ask again with a bare verification
    // association and read them.
    T_ASC_Network* net = nullptr;
    if (ASC_initializeNetwork(NET_REQUESTOR, 0, timeoutSeconds, &net).bad())
        return {};
    ASC_setTransportLayer(net, &interrupt, 0);
    T_ASC_Parameters* params = nullptr;
    T_ASC_Association* assoc = nullptr;
    QString reason;
    if (ASC_createAssociationParameters(&params, ASC_DEFAULTMAXPDU).good()) {
        ASC_setAPTitles(params, node.callingAet.toLatin1().constData(),
                        node.calledAet.toLatin1().constData(), nullptr);
        const QByteArray peer = QStringLiteral("%1:%2").arg(node.host).arg(node.port).toLatin1();
        ASC_setPresentationAddresses(params, "localhost", peer.constData());
        const char* ts[] = {UID_LittleEndianImplicitTransferSyntax};
        ASC_addPresentationContext(params, 1, UID_VerificationSOPClass, ts, 1);
        ASC_setTransportLayerType(params, OFTrue); // the interrupt's (plain TCP) connections
        const OFCondition cond = ASC_requestAssociation(net, params, &assoc, nullptr, nullptr,
                                                        DUL_BLOCK, timeoutSeconds);
        T_ASC_RejectParameters rej{};
        if (cond == DUL_ASSOCIATIONREJECTED && ASC_getRejectParameters(params, &rej).good()) {
            const QString kind = rej.result == ASC_RESULT_REJECTEDTRANSIENT
                                     ? QStringLiteral("transient")
                                     : QStringLiteral("permanent");
            switch (rej.reason) {
            case ASC_REASON_SU_CALLEDAETITLENOTRECOGNIZED:
                reason = QStringLiteral("called AE title '%1' not recognized").arg(node.calledAet);
                break;
            case ASC_REASON_SU_CALLINGAETITLENOTRECOGNIZED:
                reason =
                    QStringLiteral("calling AE title '%1' not recognized").arg(node.callingAet);
                break;
            case ASC_REASON_SU_APPCONTEXTNAMENOTSUPPORTED:
                reason = QStringLiteral("application context name not supported");
                break;
            case ASC_REASON_SP_ACSE_PROTOCOLVERSIONNOTSUPPORTED:
                reason = QStringLiteral("protocol version not supported");
                break;
            case ASC_REASON_SP_PRES_TEMPORARYCONGESTION:
                reason = QStringLiteral("temporary congestion");
                break;
            case ASC_REASON_SP_PRES_LOCALLIMITEXCEEDED:
                reason = QStringLiteral("local limit exceeded");
                break;
            default:
                reason = QStringLiteral("no reason given");
                break;
            }
            reason = QStringLiteral("%1, %2").arg(reason, kind);
        }
        if (assoc) {
            if (cond.good())
                ASC_releaseAssociation(assoc);
            ASC_destroyAssociation(&assoc);
        } else {
            ASC_destroyAssociationParameters(&params);
        }
    }
    ASC_dropNetwork(&net);
    return reason;
}

void DimseAssociation::open(InterruptibleScu& scu, const PacsNode& node)
{
    const QString peer = QStringLiteral("%1@%2:%3").arg(node.calledAet, node.host).arg(node.port);
    if (scu.interrupted())
        throw PacsError(PacsError::Code::Cancelled, QStringLiteral("cancelled"));
    OFCondition cond = scu.initNetwork();
    if (cond.bad())
        throw PacsError(PacsError::Code::DimseFailure,
                        QStringLiteral("cannot initialize the network: %1").arg(cond.text()));
    cond = scu.negotiateAssociation();
    if (scu.interrupted())
        throwIfInterrupted(scu);
    if (cond.good())
        return;
    const QString why = QString::fromLatin1(cond.text());
    if (cond == DUL_ASSOCIATIONREJECTED) {
        const QString reason = rejectReason(node, int(scu.getACSETimeout()), scu.interrupt());
        if (scu.interrupted())
            throwIfInterrupted(scu);
        throw PacsError(PacsError::Code::AssociationRejected,
                        QStringLiteral("%1 rejected the association from calling AE title '%2' "
                                       "(reason: %4; is '%2' registered there, from this host, "
                                       "and is '%3' its AE title?)")
                            .arg(peer, node.callingAet, node.calledAet,
                                 reason.isEmpty() ? QStringLiteral("not known") : reason));
    }
    if (cond == NET_EC_NoAcceptablePresentationContexts ||
        why.contains(QLatin1String("No Acceptable Presentation Contexts"), Qt::CaseInsensitive))
        throw PacsError(PacsError::Code::AssociationRejected,
                        QStringLiteral("%1 accepted none of the proposed services").arg(peer));
    if (why.contains(QLatin1String("refused"), Qt::CaseInsensitive))
        throw PacsError(PacsError::Code::ConnectionRefused,
                        QStringLiteral("connection refused by %1").arg(peer));
    if (why.contains(QLatin1String("unknown host"), Qt::CaseInsensitive) ||
        why.contains(QLatin1String("not known"), Qt::CaseInsensitive))
        throw PacsError(PacsError::Code::HostNotFound,
                        QStringLiteral("host not found: %1").arg(node.host));
    if (why.contains(QLatin1String("timeout"), Qt::CaseInsensitive) ||
        why.contains(QLatin1String("timed out"), Qt::CaseInsensitive))
        throw PacsError(PacsError::Code::Timeout,
                        QStringLiteral("no association with %1 within the timeout").arg(peer));
    throw PacsError(PacsError::Code::DimseFailure,
                    QStringLiteral("association with %1 failed: %2").arg(peer, why));
}

void DimseAssociation::openFor(InterruptibleScu& scu, const PacsNode& node, int timeoutSeconds,
                               const char* sopClass)
{
    configure(scu, node, timeoutSeconds);
    scu.addPresentationContext(sopClass, uncompressedSyntaxes());
    open(scu, node);
}

void DimseAssociation::release(DcmSCU& scu)
{
    if (scu.isConnected())
        scu.releaseAssociation();
}

void DimseAssociation::throwIfInterrupted(InterruptibleScu& scu)
{
    if (!scu.interrupted())
        return;
    if (scu.isConnected())
        scu.abortAssociation(); // an A-ABORT, if the shut-down socket still carries it
    throw PacsError(PacsError::Code::Cancelled, QStringLiteral("cancelled"));
}

void DimseAssociation::endFind(InterruptibleScu& scu, const OFCondition& cond, Uint16 finalStatus)
{
    throwIfInterrupted(scu);
    release(scu);
    if (cond.bad())
        throw PacsError(PacsError::Code::DimseFailure,
                        QStringLiteral("C-FIND failed: %1").arg(cond.text()));
    if (finalStatus != 0)
        throw PacsError(PacsError::Code::DimseFailure,
                        QStringLiteral("C-FIND ended with status 0x%1")
                            .arg(finalStatus, 4, 16, QLatin1Char('0')));
}

OFList<OFString> DimseAssociation::uncompressedSyntaxes()
{
    OFList<OFString> ts;
    ts.push_back(UID_LittleEndianExplicitTransferSyntax);
    ts.push_back(UID_BigEndianExplicitTransferSyntax);
    ts.push_back(UID_LittleEndianImplicitTransferSyntax);
    return ts;
}

OFList<OFString> DimseAssociation::decodableSyntaxes()
{
    OFList<OFString> ts = uncompressedSyntaxes();
    for (const char* uid :
         {UID_DeflatedExplicitVRLittleEndianTransferSyntax, UID_JPEGProcess1TransferSyntax,
          UID_JPEGProcess2_4TransferSyntax, UID_JPEGProcess14TransferSyntax,
          UID_JPEGProcess14SV1TransferSyntax, UID_JPEGLSLosslessTransferSyntax,
          UID_JPEGLSLossyTransferSyntax, UID_RLELosslessTransferSyntax,
          UID_JPEG2000LosslessOnlyTransferSyntax, UID_JPEG2000TransferSyntax})
        ts.push_back(uid);
    return ts;
}

std::vector<const char*> DimseAssociation::storageClasses()
{
    return {
        UID_ComputedRadiographyImageStorage,
        UID_DigitalXRayImageStorageForPresentation,
        UID_DigitalXRayImageStorageForProcessing,
        UID_SecondaryCaptureImageStorage,
        UID_MultiframeGrayscaleByteSecondaryCaptureImageStorage,
        UID_MultiframeGrayscaleWordSecondaryCaptureImageStorage,
        UID_DigitalMammographyXRayImageStorageForPresentation,
        UID_DigitalIntraOralXRayImageStorageForPresentation,
    };
}

void DimseAssociation::addStorageContexts(DcmSCU& scu)
{
    // 8 image classes x 13 syntaxes + 3 syntaxes for each of the 4 AI result classes
    // (Comprehensive, Comprehensive 3D and Enhanced SR, Parametric Map) + the C-GET context =
    // 117 of the 128 contexts an association may carry. One syntax per context lets the PACS pick
    // the one matching what it stored, so nothing needs transcoding.
    for (const char* sopClass : storageClasses()) {
        for (const OFString& ts : decodableSyntaxes()) {
            OFList<OFString> one;
            one.push_back(ts);
            scu.addPresentationContext(sopClass, one, ASC_SC_ROLE_SCP);
        }
    }
    for (const char* sopClass : {UID_ComprehensiveSRStorage, UID_Comprehensive3DSRStorage,
                                 UID_EnhancedSRStorage, UID_ParametricMapStorage}) {
        for (const OFString& ts : uncompressedSyntaxes()) {
            OFList<OFString> one;
            one.push_back(ts);
            scu.addPresentationContext(sopClass, one, ASC_SC_ROLE_SCP);
        }
    }
}

void DimseAssociation::addStorageContextsFor(DcmSCU& scu, const QStringList& sopClasses)
{
    const std::vector<const char*> images = storageClasses();
    int contexts = 0;
    QStringList seen;
    for (const QString& sopClass : sopClasses) {
        if (seen.contains(sopClass))
            continue;
        seen << sopClass;
        const QByteArray uid = sopClass.toLatin1();
        const bool image = std::any_of(images.begin(), images.end(),
                                       [&](const char* c) { return uid == QByteArray(c); });
        for (const OFString& ts : image ? decodableSyntaxes() : uncompressedSyntaxes()) {
            if (++contexts > 127)
                throw PacsError(PacsError::Code::BadArgument,
                                QStringLiteral("too many SOP classes (%1) for one C-GET "
                                               "association")
                                    .arg(sopClasses.size()));
            OFList<OFString> one;
            one.push_back(ts);
            scu.addPresentationContext(uid.constData(), one, ASC_SC_ROLE_SCP);
        }
    }
}

} // namespace chexview
