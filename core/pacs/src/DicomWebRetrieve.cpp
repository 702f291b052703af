// DicomWebClient's WADO-RS retrieval: a study, or single instances, streamed part by part from
// the multipart answer into the InstanceCache.
#include "chexview/pacs/DicomWebClient.h"
#include "chexview/pacs/MultipartReader.h"
#include "chexview/pacs/PacsError.h"

#include <QFile>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QNetworkRequest>

#include <memory>

namespace chexview {

int DicomWebClient::retrieveStudy(const QString& studyInstanceUid, InstanceCache& cache,
                                  const InstanceReceived& onInstance, const Progress& progress)
{
    if (!InstanceCache::isValidUid(studyInstanceUid))
        throw PacsError(PacsError::Code::BadArgument,
                        QStringLiteral("'%1' is not a Study Instance UID").arg(studyInstanceUid));
    int received = 0;
    retrieveMultipart(QStringLiteral("studies/") + studyInstanceUid, cache, onInstance, progress,
                      received);
    return received;
}

int DicomWebClient::retrieveInstances(const QList<InstanceRecord>& instances, InstanceCache& cache,
                                      const InstanceReceived& onInstance)
{
    for (const InstanceRecord& i : instances)
        if (!i.isValid())
            throw PacsError(PacsError::Code::BadArgument,
                            QStringLiteral("instance '%1' lacks a valid study, series, SOP "
                                           "instance or SOP class UID")
                                .arg(i.sopInstanceUid.left(80)));
    int received = 0;
    for (const InstanceRecord& i : instances) {
        retrieveMultipart(QStringLiteral("studies/%1/series/%2/instances/%3")
                              .arg(i.studyInstanceUid, i.seriesInstanceUid, i.sopInstanceUid),
                          cache, onInstance, {}, received);
        if (!cache.contains(i.sopInstanceUid))
            throw PacsError(PacsError::Code::Protocol,
                            QStringLiteral("WADO-RS answered without instance %1 (%2 instance(s) "
                                           "received and kept)")
                                .arg(i.sopInstanceUid)
                                .arg(received));
    }
    return received;
}

void DicomWebClient::retrieveMultipart(const QString& path, InstanceCache& cache,
                                       const InstanceReceived& onInstance, const Progress& progress,
                                       int& received)
{
    QNetworkRequest request = makeRequest(path);
    request.setRawHeader("Accept",
                         "multipart/related; type=\"application/dicom\"; transfer-syntax=*");
    QNetworkReply* reply = m_net->get(request);

    std::unique_ptr<MultipartReader> reader;
    QFile part;
    qint64 total = 0, declared = -1;
    auto closePart = [&] {
        if (part.isOpen()) {
            part.close();
            QFile::remove(part.fileName());
        }
    };
    MultipartReader::Limits limits;
    limits.maxPartBytes = m_limits.maxInstanceBytes;
    limits.maxParts = m_limits.maxInstances;
    auto begin = [&](const QMap<QByteArray, QByteArray>& headers) {
        const QByteArray type = headers.value("content-type").split(';').value(0).trimmed();
        if (type.toLower() != "application/dicom")
            throw PacsError(PacsError::Code::NotDicom,
                            QStringLiteral("part %1 is '%2', not application/dicom")
                                .arg(received + 1)
                                .arg(QString::fromLatin1(type.left(80))));
        bool ok = false;
        declared = headers.value("content-length").trimmed().toLongLong(&ok);
        if (!ok)
            declared = -1;
        if (declared > m_limits.maxInstanceBytes)
            throw PacsError(PacsError::Code::TooLarge,
                            QStringLiteral("part %1 announces %2 bytes, over the limit of %3")
                                .arg(received + 1)
                                .arg(declared)
                                .arg(m_limits.maxInstanceBytes));
        part.setFileName(cache.newPartPath());
        if (!part.open(QIODevice::WriteOnly))
            throw PacsError(PacsError::Code::Storage,
                            QStringLiteral("cannot write %1").arg(part.fileName()));
    };
    auto data = [&](const char* bytes, qint64 size) {
        if (part.write(bytes, size) != size)
            throw PacsError(PacsError::Code::Storage,
                            QStringLiteral("cannot write %1").arg(part.fileName()));
    };
    auto end = [&] {
        const qint64 size = part.size();
        part.close();
        if (declared >= 0 && size != declared) {
            QFile::remove(part.fileName());
            throw PacsError(PacsError::Code::Truncated,
                            QStringLiteral("part %1 has %2 bytes but announced %3")
                                .arg(received + 1)
                                .arg(size)
                                .arg(declared));
        }
        const CachedInstance instance = cache.adopt(part.fileName());
        ++received;
        if (onInstance)
            onInstance(instance);
    };
    try {
        wait(
            reply,
            [&](const QByteArray& chunk) {
                if (!reader) {
                    const int status =
                        reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
                    if (status >= 300)
                        return; // an error body: throwIfFailed reports the status
                    reader = std::make_unique<MultipartReader>(
                        reply->header(QNetworkRequest::ContentTypeHeader).toString().toLatin1(),
                        limits, begin, data, end);
                }
                total += chunk.size();
                if (total > m_limits.maxStudyBytes)
                    throw PacsError(PacsError::Code::TooLarge,
                                    QStringLiteral("the study exceeds the limit of %1 bytes")
                                        .arg(m_limits.maxStudyBytes));
                reader->feed(chunk);
            },
            progress);
        if (!reader) {
            const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
            if (status == 204 || status == 200) // an empty body
                return;
        } else {
            reader->finish();
        }
    } catch (const PacsError& e) {
        closePart();
        throw PacsError(e.code(), e.message() + QStringLiteral(" (%1 instance(s) received and "
                                                               "kept before this)")
                                                    .arg(received));
    }
}

} // namespace chexview
