#pragma once

#include "chexview/pacs/InstanceCache.h"
#include "chexview/pacs/PacsNode.h"
#include "chexview/pacs/StudyQuery.h"
#include "chexview/pacs/StudyRecord.h"

#include <QList>

#include <atomic>
#include <exception>
#include <functional>

class QNetworkAccessManager;
class QNetworkReply;
class QNetworkRequest;

namespace chexview {

/// A DICOMweb client on Qt Network: QIDO-RS study search, WADO-RS study retrieval (multipart,
/// streamed part by part into an InstanceCache, any transfer syntax the server stored) and
/// STOW-RS. Every call is blocking: it runs a local event loop with an inactivity timeout per
/// network step and an overall deadline, and throws PacsError with the exact cause (refused,
/// DNS, TLS, 401/403, HTTP status, wrong content type, truncated or oversized response). HTTPS
/// is verified against the system CAs; a TLS failure is an error, never a downgrade.
/// Thread contract: one client per thread (it owns its QNetworkAccessManager); cancel() may be
/// called from any thread.
class DicomWebClient
{
public:
    struct Limits
    {
        int stepTimeoutMs = 30000;    ///< no byte moved for this long: Timeout
        int totalTimeoutMs = 3600000; ///< one request, start to end
        qint64 maxInstanceBytes = qint64(2) << 30;
        qint64 maxStudyBytes = qint64(64) << 30;
        int maxInstances = 100000;
        qint64 maxJsonBytes = qint64(64) << 20;
    };
    /// Called for every instance as soon as it is safely in the cache.
    using InstanceReceived = std::function<void(const CachedInstance&)>;
    /// Bytes of the response received so far, and its total (-1 if unknown).
    using Progress = std::function<void(qint64 received, qint64 total)>;

    explicit DicomWebClient(const PacsNode& node);
    DicomWebClient(const PacsNode& node, Limits limits);
    ~DicomWebClient();
    DicomWebClient(const DicomWebClient&) = delete;
    DicomWebClient& operator=(const DicomWebClient&) = delete;

    /// A QIDO-RS query for one study: proves the URL, the credentials and the service.
    /// Returns a one-line description ("DICOMweb at URL answered: N study").
    QString echo();
    QList<StudyRecord> findStudies(const StudyQuery& query);
    /// WADO-RS `GET studies/UID` with `transfer-syntax=*`. Instances received before a failure
    /// stay in the cache (and were reported through `onInstance`); the PacsError says what was
    /// not received. Returns the number of instances received.
    int retrieveStudy(const QString& studyInstanceUid, InstanceCache& cache,
                      const InstanceReceived& onInstance = {}, const Progress& progress = {});
    /// STOW-RS `POST studies`: the files are streamed from disk, not loaded into memory.
    /// Throws unless the server acknowledges every instance.
    void store(const QStringList& files);
    void cancel() { m_cancel.store(true); }

    /// Parses the DICOM JSON model of a QIDO-RS study response.
    static QList<StudyRecord> parseStudies(const QByteArray& json);

private:
    QNetworkRequest makeRequest(const QString& path) const;
    /// Runs the event loop until `reply` finishes, feeding `onData` with every chunk read.
    void wait(QNetworkReply* reply, const std::function<void(const QByteArray&)>& onData,
              const Progress& progress);
    void throwIfFailed(QNetworkReply* reply) const;
    QByteArray getJson(const QString& path);

    PacsNode m_node;
    Limits m_limits;
    QNetworkAccessManager* m_net;
    std::atomic_bool m_cancel{false};
};

} // namespace chexview
