#pragma once

#include "chexview/pacs/InstanceCache.h"
#include "chexview/pacs/InstanceRecord.h"
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

/// A DICOMweb client on Qt Network: QIDO-RS study and instance search, WADO-RS retrieval of a
/// study or of single instances (multipart, streamed part by part into an InstanceCache, any
/// transfer syntax the server stored) and STOW-RS. Every call is blocking: it runs a local event
/// loop with an inactivity timeout per network step and an overall deadline, and throws PacsError
/// with the exact cause (refused, DNS, TLS, 401/403, HTTP status, wrong content type, truncated or
/// oversized response). HTTPS is verified against the system CAs; a TLS failure is an error, never
/// a downgrade. Thread contract: one client per thread (it owns its QNetworkAccessManager);
/// cancel() may be called from any thread.
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
    /// QIDO-RS `studies/UID/instances`, with `?SOPClassUID=X` when `sopClassUid` is given: the
    /// study's instances (of that class: an answer of another class is dropped, should a server
    /// ignore the filter). The answer has the limits of the study search (maxJsonBytes, at most
    /// maxInstances records).
    QList<InstanceRecord> findInstances(const QString& studyInstanceUid,
                                        const QString& sopClassUid = {});
    /// WADO-RS `GET studies/UID` with `transfer-syntax=*`. Instances received before a failure
    /// stay in the cache (and were reported through `onInstance`); the PacsError says what was
    /// not received. Returns the number of instances received.
    int retrieveStudy(const QString& studyInstanceUid, InstanceCache& cache,
                      const InstanceReceived& onInstance = {}, const Progress& progress = {});
    /// WADO-RS `GET studies/S/series/X/instances/I` of each instance, in turn; what arrived
    /// before a failure stays in the cache, and the PacsError counts it. An answer without the
    /// instance asked for is a Protocol error. Returns the number of instances received.
    int retrieveInstances(const QList<InstanceRecord>& instances, InstanceCache& cache,
                          const InstanceReceived& onInstance = {});
    /// STOW-RS `POST studies`: the files are streamed from disk, not loaded into memory.
    /// Throws unless the server acknowledges every instance.
    void store(const QStringList& files);
    void cancel() { m_cancel.store(true); }

    /// Parses the DICOM JSON model of a QIDO-RS study response.
    static QList<StudyRecord> parseStudies(const QByteArray& json);
    /// Parses the DICOM JSON model of a QIDO-RS instance response of study `studyInstanceUid`
    /// (the study UID of an answer that omits it); throws PacsError(Protocol) on an instance
    /// without valid series, SOP instance and SOP class UIDs, TooLarge past `maxInstances`
    /// (Limits::maxInstances for a client's own queries).
    static QList<InstanceRecord> parseInstances(const QByteArray& json,
                                                const QString& studyInstanceUid, int maxInstances);

private:
    QNetworkRequest makeRequest(const QString& path) const;
    /// Runs the event loop until `reply` finishes, feeding `onData` with every chunk read.
    void wait(QNetworkReply* reply, const std::function<void(const QByteArray&)>& onData,
              const Progress& progress);
    void throwIfFailed(QNetworkReply* reply) const;
    QByteArray getJson(const QString& path);
    /// One WADO-RS multipart GET into the cache; `received` counts the instances adopted (also
    /// across calls: a failure's message says how many were kept).
    void retrieveMultipart(const QString& path, InstanceCache& cache,
                           const InstanceReceived& onInstance, const Progress& progress,
                           int& received);

    PacsNode m_node;
    Limits m_limits;
    QNetworkAccessManager* m_net;
    std::atomic_bool m_cancel{false};
};

} // namespace chexview
