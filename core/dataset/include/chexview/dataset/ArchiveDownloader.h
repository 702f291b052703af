#pragma once

#include <QByteArray>
#include <QElapsedTimer>
#include <QFile>
#include <QList>
#include <QObject>
#include <QUrl>

class QNetworkAccessManager;
class QNetworkReply;

namespace chexview {

/// Downloads the ChestX-ray14 image archives: HTTP Range resume after interruptions, SHA-256
/// verification, extraction into DEST/images/ with `tar --skip-old-files`.
/// Layout: DEST/archives/NAME (verified only), NAME.part (in progress), NAME.bad-N (failed
/// checksum, kept aside), NAME.verified (marker holding the checked sum).
/// Nothing verified is ever deleted or overwritten.
/// Thread contract: lives on one thread with an event loop (GUI or CLI); signals come on it.
/// cancel() stops after the current network read; partial data stays for the next resume.
class ArchiveDownloader : public QObject
{
    Q_OBJECT
public:
    struct Archive
    {
        QString name;
        QUrl url;
        QByteArray sha256Hex; ///< lower-case hex
    };
    enum class Result
    {
        Verified,
        AlreadyVerified,
        ChecksumMismatch,
        Failed
    };

    explicit ArchiveDownloader(QObject* parent = nullptr);
    ~ArchiveDownloader() override;

    /// Pairs `NAME URL` lines with `SUM  NAME` lines; `only` keeps archives whose number
    /// (images_NN) is listed; a non-empty baseUrl replaces each address by baseUrl/NAME.
    /// Throws std::runtime_error on unreadable or inconsistent lists.
    static QList<Archive> plan(const QString& urlsFile, const QString& sumsFile,
                               const QStringList& only, const QString& baseUrl);

    void start(const QString& dest, const QList<Archive>& archives);
    void cancel();
    void setMaxRetries(int retries) { m_maxRetries = retries; }
    bool isRunning() const { return m_running; }

Q_SIGNALS:
    void progress(const QString& name, qint64 received, qint64 total, double bytesPerSecond,
                  double etaSeconds);
    void archiveDone(const QString& name, chexview::ArchiveDownloader::Result result,
                     const QString& message);
    /// ok: every archive verified and extracted. summary: one line per archive.
    void finished(bool ok, const QString& summary);

private:
    void next();
    void request();
    void onReadyRead();
    void onFinished();
    void verifyAndExtract();
    void extract();
    void done(Result result, const QString& message);
    void stop(const QString& message);
    QString path(const QString& suffix = {}) const;

    QNetworkAccessManager* m_net;
    QNetworkReply* m_reply = nullptr;
    QString m_dest;
    QList<Archive> m_queue;
    int m_index = -1;
    QFile m_part;
    qint64 m_resumeFrom = 0;
    qint64 m_total = -1;
    int m_retries = 0;
    int m_maxRetries = 5;
    bool m_running = false;
    bool m_allOk = true;
    QStringList m_summary;
    QElapsedTimer m_clock;
    qint64 m_bytesThisRequest = 0;
};

} // namespace chexview

Q_DECLARE_METATYPE(chexview::ArchiveDownloader::Result)
