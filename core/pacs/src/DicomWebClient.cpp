#include "chexview/pacs/DicomWebClient.h"
#include "chexview/pacs/PacsError.h"

#include <QEventLoop>
#include <QFile>
#include <QFileInfo>
#include <QHttpMultiPart>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QNetworkRequest>
#include <QTimer>
#include <QUrlQuery>

#include <memory>

namespace chexview {

namespace {

QString firstString(const QJsonObject& dataset, const char* tag)
{
    const QJsonValue value = dataset.value(QLatin1String(tag)).toObject().value("Value");
    const QJsonValue first = value.toArray().first();
    if (first.isObject()) // PN: {"Alphabetic": "..."}
        return first.toObject().value("Alphabetic").toString();
    if (first.isDouble())
        return QString::number(first.toDouble());
    return first.toString();
}

QStringList allStrings(const QJsonObject& dataset, const char* tag)
{
    QStringList out;
    for (const QJsonValue& v :
         dataset.value(QLatin1String(tag)).toObject().value("Value").toArray())
        out << v.toString();
    return out;
}

/// The array of a QIDO-RS answer (empty for 204 No Content: no match).
QJsonArray qidoArray(const QByteArray& json)
{
    if (json.trimmed().isEmpty())
        return {};
    QJsonParseError error{};
    const QJsonDocument doc = QJsonDocument::fromJson(json, &error);
    if (error.error != QJsonParseError::NoError || !doc.isArray())
        throw PacsError(PacsError::Code::Protocol,
                        QStringLiteral("QIDO-RS answer is not a DICOM JSON array (%1)")
                            .arg(error.errorString()));
    return doc.array();
}

} // namespace

DicomWebClient::DicomWebClient(const PacsNode& node) : DicomWebClient(node, Limits()) {}

DicomWebClient::DicomWebClient(const PacsNode& node, Limits limits)
    : m_node(node), m_limits(limits), m_net(new QNetworkAccessManager)
{
    if (!m_node.hasDicomWeb())
        throw PacsError(PacsError::Code::BadArgument,
                        QStringLiteral("node '%1' has no DICOMweb URL").arg(m_node.name));
    m_net->setRedirectPolicy(QNetworkRequest::NoLessSafeRedirectPolicy);
}

DicomWebClient::~DicomWebClient()
{
    delete m_net;
}

QNetworkRequest DicomWebClient::makeRequest(const QString& path) const
{
    QUrl url = m_node.dicomWebUrl;
    QString base = url.path();
    while (base.endsWith(QLatin1Char('/')))
        base.chop(1);
    const int q = int(path.indexOf(QLatin1Char('?')));
    url.setPath(base + QLatin1Char('/') + (q < 0 ? path : path.left(q)));
    if (q >= 0)
        url.setQuery(path.mid(q + 1), QUrl::StrictMode);
    QNetworkRequest request(url);
    request.setAttribute(QNetworkRequest::CacheLoadControlAttribute,
                         QNetworkRequest::AlwaysNetwork);
    request.setHeader(QNetworkRequest::UserAgentHeader, QByteArrayLiteral("chexview"));
    if (m_node.auth == PacsNode::Auth::Basic)
        request.setRawHeader(
            "Authorization",
            "Basic " + (m_node.user + QLatin1Char(':') + m_node.secret).toUtf8().toBase64());
    else if (m_node.auth == PacsNode::Auth::Bearer)
        request.setRawHeader("Authorization", "Bearer " + m_node.secret.toUtf8());
    request.setTransferTimeout(0); // the inactivity timer below is ours
    return request;
}

void DicomWebClient::wait(QNetworkReply* reply,
                          const std::function<void(const QByteArray&)>& onData,
                          const Progress& progress)
{
    std::unique_ptr<QNetworkReply, void (*)(QNetworkReply*)> guard(
        reply, [](QNetworkReply* r) { r->deleteLater(); });
    reply->setReadBufferSize(1 << 20);
    QEventLoop loop;
    QTimer idle, total, poll;
    idle.setSingleShot(true);
    total.setSingleShot(true);
    std::exception_ptr failure;
    auto fail = [&](std::exception_ptr e) {
        if (!failure)
            failure = e;
        reply->abort();
        loop.quit();
    };
    auto drain = [&] {
        if (failure)
            return;
        try {
            while (reply->bytesAvailable() > 0) {
                const QByteArray chunk = reply->read(256 * 1024);
                if (chunk.isEmpty())
                    break;
                if (onData)
                    onData(chunk);
            }
        } catch (...) {
            fail(std::current_exception());
        }
    };
    QObject::connect(reply, &QNetworkReply::readyRead, &loop, [&] {
        idle.start(m_limits.stepTimeoutMs);
        drain();
    });
    QObject::connect(reply, &QNetworkReply::downloadProgress, &loop, [&](qint64 r, qint64 t) {
        idle.start(m_limits.stepTimeoutMs);
        if (progress)
            progress(r, t);
    });
    QObject::connect(reply, &QNetworkReply::uploadProgress, &loop,
                     [&](qint64, qint64) { idle.start(m_limits.stepTimeoutMs); });
    QObject::connect(reply, &QNetworkReply::finished, &loop, [&] {
        drain();
        loop.quit();
    });
    QObject::connect(&idle, &QTimer::timeout, &loop, [&] {
        fail(std::make_exception_ptr(PacsError(
            PacsError::Code::Timeout,
            QStringLiteral("no data from %1 for %2 s")
                .arg(reply->url().toDisplayString(QUrl::RemoveUserInfo | QUrl::RemoveQuery))
                .arg(m_limits.stepTimeoutMs / 1000.0))));
    });
    QObject::connect(&total, &QTimer::timeout, &loop, [&] {
        fail(std::make_exception_ptr(
            PacsError(PacsError::Code::Timeout, QStringLiteral("the request took longer than %1 s")
                                                    .arg(m_limits.totalTimeoutMs / 1000))));
    });
    QObject::connect(&poll, &QTimer::timeout, &loop, [&] {
        if (m_cancel.load())
            fail(std::make_exception_ptr(
                PacsError(PacsError::Code::Cancelled, QStringLiteral("cancelled"))));
    });
    idle.start(m_limits.stepTimeoutMs);
    total.start(m_limits.totalTimeoutMs);
    poll.start(100);
    if (!reply->isFinished())
        loop.exec();
    else
        drain();
    if (failure)
        std::rethrow_exception(failure);
    throwIfFailed(reply);
}

void DicomWebClient::throwIfFailed(QNetworkReply* reply) const
{
    const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    const QString where = reply->url().toDisplayString(QUrl::RemoveUserInfo | QUrl::RemoveQuery);
    using E = QNetworkReply::NetworkError;
    switch (reply->error()) {
    case E::NoError:
        return;
    case E::ConnectionRefusedError:
        throw PacsError(PacsError::Code::ConnectionRefused,
                        QStringLiteral("connection refused by %1").arg(where));
    case E::HostNotFoundError:
        throw PacsError(PacsError::Code::HostNotFound,
                        QStringLiteral("host not found: %1").arg(reply->url().host()));
    case E::TimeoutError:
        throw PacsError(PacsError::Code::Timeout, QStringLiteral("%1 timed out").arg(where));
    case E::SslHandshakeFailedError:
        throw PacsError(PacsError::Code::Tls,
                        QStringLiteral("TLS failed with %1: %2").arg(where, reply->errorString()));
    default:
        break;
    }
    const bool early = status == 0 && (reply->error() == E::RemoteHostClosedError ||
                                       reply->error() == E::ProtocolFailure ||
                                       reply->error() == E::UnknownNetworkError);
    if (early && reply->url().scheme() == QLatin1String("https"))
        throw PacsError(PacsError::Code::Tls,
                        QStringLiteral("no TLS session with %1 (%2): is it an https server?")
                            .arg(where, reply->errorString()));
    if (status == 401)
        throw PacsError(PacsError::Code::Unauthorized,
                        QStringLiteral("%1 refused the credentials (HTTP 401)").arg(where));
    if (status == 403)
        throw PacsError(PacsError::Code::Forbidden,
                        QStringLiteral("%1 forbids this request (HTTP 403)").arg(where));
    if (status >= 400)
        throw PacsError(PacsError::Code::HttpStatus,
                        QStringLiteral("%1 answered HTTP %2").arg(where).arg(status));
    if (reply->error() == E::RemoteHostClosedError || reply->error() == E::UnknownNetworkError ||
        reply->error() == E::ProtocolFailure)
        throw PacsError(
            PacsError::Code::Truncated,
            QStringLiteral("%1 closed the connection early: %2").arg(where, reply->errorString()));
    throw PacsError(PacsError::Code::HttpStatus,
                    QStringLiteral("%1: %2").arg(where, reply->errorString()));
}

QByteArray DicomWebClient::getJson(const QString& path)
{
    QNetworkRequest request = makeRequest(path);
    request.setRawHeader("Accept", "application/dicom+json, application/json");
    QByteArray body;
    QNetworkReply* reply = m_net->get(request);
    wait(reply,
         [&](const QByteArray& chunk) {
             if (body.size() + chunk.size() > m_limits.maxJsonBytes)
                 throw PacsError(
                     PacsError::Code::TooLarge,
                     QStringLiteral("JSON answer larger than %1 bytes").arg(m_limits.maxJsonBytes));
             body.append(chunk);
         },
         {});
    return body;
}

QList<StudyRecord> DicomWebClient::parseStudies(const QByteArray& json)
{
    QList<StudyRecord> studies;
    for (const QJsonValue& v : qidoArray(json)) {
        const QJsonObject ds = v.toObject();
        StudyRecord s;
        s.studyInstanceUid = firstString(ds, "0020000D");
        if (!InstanceCache::isValidUid(s.studyInstanceUid))
            throw PacsError(PacsError::Code::Protocol,
                            QStringLiteral("QIDO-RS study without a valid Study Instance UID"));
        s.patientName = firstString(ds, "00100010");
        s.patientId = firstString(ds, "00100020");
        s.studyDate = firstString(ds, "00080020");
        s.accessionNumber = firstString(ds, "00080050");
        s.description = firstString(ds, "00081030");
        s.modalities = allStrings(ds, "00080061");
        const QString n = firstString(ds, "00201208");
        bool ok = false;
        const int count = n.toInt(&ok);
        s.numberOfInstances = ok && count >= 0 ? count : -1;
        studies.append(s);
    }
    return studies;
}

QList<InstanceRecord> DicomWebClient::parseInstances(const QByteArray& json,
                                                     const QString& studyInstanceUid,
                                                     int maxInstances)
{
    const QJsonArray answer = qidoArray(json);
    if (answer.size() > maxInstances)
        throw PacsError(PacsError::Code::TooLarge,
                        QStringLiteral("QIDO-RS answered %1 instances, over the limit of %2")
                            .arg(answer.size())
                            .arg(maxInstances));
    QList<InstanceRecord> instances;
    for (const QJsonValue& v : answer) {
        const QJsonObject ds = v.toObject();
        InstanceRecord i;
        i.studyInstanceUid = firstString(ds, "0020000D");
        if (i.studyInstanceUid.isEmpty())
            i.studyInstanceUid = studyInstanceUid;
        i.seriesInstanceUid = firstString(ds, "0020000E");
        i.sopInstanceUid = firstString(ds, "00080018");
        i.sopClassUid = firstString(ds, "00080016");
        if (!i.isValid())
            throw PacsError(PacsError::Code::Protocol,
                            QStringLiteral("QIDO-RS instance without valid study, series, SOP "
                                           "instance and SOP class UIDs"));
        instances.append(i);
    }
    return instances;
}

QString DicomWebClient::echo()
{
    const QList<StudyRecord> studies = parseStudies(getJson(QStringLiteral("studies?limit=1")));
    return QStringLiteral("DICOMweb at %1 answered a QIDO-RS query (%2 study)")
        .arg(m_node.dicomWebUrl.toDisplayString(QUrl::RemoveUserInfo))
        .arg(studies.size());
}

QList<StudyRecord> DicomWebClient::findStudies(const StudyQuery& query)
{
    QUrlQuery q;
    auto add = [&](const char* key, const QString& value) {
        if (!value.isEmpty())
            q.addQueryItem(QLatin1String(key), QString::fromLatin1(QUrl::toPercentEncoding(value)));
    };
    add("PatientName", query.patientName);
    add("PatientID", query.patientId);
    add("AccessionNumber", query.accessionNumber);
    add("StudyDate", query.dicomDateRange());
    add("ModalitiesInStudy", query.modalities.join(QLatin1Char(','))); // QIDO-RS: a list
    for (const char* tag : {"00081030", "00080061", "00201208", "00080050"})
        q.addQueryItem(QStringLiteral("includefield"), QLatin1String(tag));
    return parseStudies(getJson(QStringLiteral("studies?") + q.query(QUrl::FullyEncoded)));
}

QList<InstanceRecord> DicomWebClient::findInstances(const QString& studyInstanceUid,
                                                    const QString& sopClassUid)
{
    if (!InstanceCache::isValidUid(studyInstanceUid))
        throw PacsError(PacsError::Code::BadArgument,
                        QStringLiteral("'%1' is not a Study Instance UID").arg(studyInstanceUid));
    if (!sopClassUid.isEmpty() && !InstanceCache::isValidUid(sopClassUid))
        throw PacsError(PacsError::Code::BadArgument,
                        QStringLiteral("'%1' is not a SOP Class UID").arg(sopClassUid));
    QUrlQuery q;
    if (!sopClassUid.isEmpty())
        q.addQueryItem(QStringLiteral("SOPClassUID"), sopClassUid);
    for (const char* tag : {"0020000D", "0020000E", "00080018", "00080016"})
        q.addQueryItem(QStringLiteral("includefield"), QLatin1String(tag));
    QList<InstanceRecord> found =
        parseInstances(getJson(QStringLiteral("studies/%1/instances?%2")
                                   .arg(studyInstanceUid, q.query(QUrl::FullyEncoded))),
                       studyInstanceUid, m_limits.maxInstances);
    found.removeIf([&](const InstanceRecord& i) {
        return i.studyInstanceUid != studyInstanceUid ||
               (!sopClassUid.isEmpty() && i.sopClassUid != sopClassUid);
    });
    return found;
}

void DicomWebClient::store(const QStringList& files)
{
    auto* multi = new QHttpMultiPart(QHttpMultiPart::RelatedType);
    std::unique_ptr<QHttpMultiPart> owner(multi);
    for (const QString& path : files) {
        auto* file = new QFile(path, multi);
        if (!file->open(QIODevice::ReadOnly))
            throw PacsError(PacsError::Code::Storage, QStringLiteral("cannot read %1").arg(path));
        QHttpPart part;
        part.setHeader(QNetworkRequest::ContentTypeHeader, QStringLiteral("application/dicom"));
        part.setBodyDevice(file);
        multi->append(part);
    }
    QNetworkRequest request = makeRequest(QStringLiteral("studies"));
    request.setRawHeader("Content-Type", "multipart/related; type=\"application/dicom\"; "
                                         "boundary=" +
                                             multi->boundary());
    request.setRawHeader("Accept", "application/dicom+json, application/json");
    QByteArray body;
    QNetworkReply* reply = m_net->post(request, multi);
    owner.release();
    multi->setParent(reply);
    wait(reply,
         [&](const QByteArray& chunk) {
             if (body.size() + chunk.size() > m_limits.maxJsonBytes)
                 throw PacsError(PacsError::Code::TooLarge,
                                 QStringLiteral("STOW-RS answer too large"));
             body.append(chunk);
         },
         {});
    const QJsonObject answer = QJsonDocument::fromJson(body).object();
    const QJsonArray failed = answer.value("00081198").toObject().value("Value").toArray();
    const QJsonArray stored = answer.value("00081199").toObject().value("Value").toArray();
    if (!failed.isEmpty() || stored.size() != files.size())
        throw PacsError(PacsError::Code::HttpStatus,
                        QStringLiteral("STOW-RS stored %1 of %2 instance(s) (%3 failed)")
                            .arg(stored.size())
                            .arg(files.size())
                            .arg(failed.size()));
}

} // namespace chexview
