#include "chexview/dataset/ArchiveDownloader.h"

#include "chexview/dataset/DatasetReader.h"

#include <QCryptographicHash>
#include <QDir>
#include <QFileInfo>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QProcess>
#include <QRegularExpression>
#include <QTimer>

#include <stdexcept>

namespace chexview {

ArchiveDownloader::ArchiveDownloader(QObject* parent)
    : QObject(parent), m_net(new QNetworkAccessManager(this))
{
    qRegisterMetaType<Result>();
}

ArchiveDownloader::~ArchiveDownloader()
{
    if (m_reply)
        m_reply->abort();
}

QList<ArchiveDownloader::Archive> ArchiveDownloader::plan(const QString& urlsFile,
                                                          const QString& sumsFile,
                                                          const QStringList& only,
                                                          const QString& baseUrl)
{
    QHash<QString, QByteArray> sums;
    for (const QByteArray& line : DatasetReader::readLines(sumsFile)) {
        const QList<QByteArray> f = line.simplified().split(' ');
        if (f.size() == 2)
            sums.insert(QString::fromUtf8(f[1]).remove(QLatin1Char('*')), f[0].toLower());
    }
    QList<Archive> out;
    static const QRegularExpression number(QStringLiteral("images_(\\d+)"));
    for (const QByteArray& line : DatasetReader::readLines(urlsFile)) {
        const QList<QByteArray> f = line.simplified().split(' ');
        if (f.size() != 2)
            continue;
        Archive a;
        a.name = QString::fromUtf8(f[0]);
        const QString num = number.match(a.name).captured(1);
        if (!only.isEmpty() && !only.contains(num))
            continue;
        a.url = baseUrl.isEmpty() ? QUrl(QString::fromUtf8(f[1]))
                                  : QUrl(baseUrl.endsWith(QLatin1Char('/'))
                                             ? baseUrl + a.name
                                             : baseUrl + QLatin1Char('/') + a.name);
        a.sha256Hex = sums.value(a.name);
        if (a.sha256Hex.size() != 64)
            throw std::runtime_error(
                ("no SHA-256 sum for " + a.name + " in " + sumsFile).toStdString());
        out.append(a);
    }
    if (out.isEmpty())
        throw std::runtime_error("no archives selected");
    return out;
}

QString ArchiveDownloader::path(const QString& suffix) const
{
    return QDir(m_dest).filePath(QStringLiteral("archives/") + m_queue[m_index].name + suffix);
}

void ArchiveDownloader::start(const QString& dest, const QList<Archive>& archives)
{
    m_dest = dest;
    m_queue = archives;
    m_index = -1;
    m_running = true;
    m_allOk = true;
    m_summary.clear();
    QDir().mkpath(QDir(dest).filePath(QStringLiteral("archives")));
    QDir().mkpath(QDir(dest).filePath(QStringLiteral("images")));
    QTimer::singleShot(0, this, &ArchiveDownloader::next);
}

void ArchiveDownloader::cancel()
{
    if (m_reply)
        m_reply->abort();
    if (m_running)
        stop(tr("cancelled; partial data kept for resume"));
}

void ArchiveDownloader::next()
{
    if (!m_running)
        return;
    if (++m_index >= m_queue.size()) {
        m_running = false;
        Q_EMIT finished(m_allOk, m_summary.join(QLatin1Char('\n')));
        return;
    }
    m_retries = 0;
    const Archive& a = m_queue[m_index];
    QFile marker(path(QStringLiteral(".verified")));
    if (QFileInfo::exists(path()) && marker.open(QIODevice::ReadOnly) &&
        marker.readAll().trimmed() == a.sha256Hex) {
        if (QFileInfo::exists(path(QStringLiteral(".extracted"))))
            done(Result::AlreadyVerified, tr("already verified and extracted; skipped"));
        else
            extract();
        return;
    }
    if (QFileInfo::exists(path())) { // present but never verified here: check it now
        verifyAndExtract();
        return;
    }
    request();
}

void ArchiveDownloader::request()
{
    m_part.setFileName(path(QStringLiteral(".part")));
    if (!m_part.open(QIODevice::ReadWrite)) {
        stop(tr("cannot write %1: %2").arg(m_part.fileName(), m_part.errorString()));
        return;
    }
    m_resumeFrom = m_part.size();
    m_part.seek(m_resumeFrom);
    QNetworkRequest req(m_queue[m_index].url);
    req.setAttribute(QNetworkRequest::RedirectPolicyAttribute,
                     QNetworkRequest::NoLessSafeRedirectPolicy);
    if (m_resumeFrom > 0)
        req.setRawHeader("Range", "bytes=" + QByteArray::number(m_resumeFrom) + '-');
    m_total = -1;
    m_bytesThisRequest = 0;
    m_clock.start();
    m_reply = m_net->get(req);
    connect(m_reply, &QNetworkReply::readyRead, this, &ArchiveDownloader::onReadyRead);
    connect(m_reply, &QNetworkReply::finished, this, &ArchiveDownloader::onFinished);
}

void ArchiveDownloader::onReadyRead()
{
    const int status = m_reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    if (status != 200 && status != 206)
        return; // handled in onFinished
    if (m_total < 0) {
        const qint64 length = m_reply->header(QNetworkRequest::ContentLengthHeader).toLongLong();
        if (status == 200 && m_resumeFrom > 0) { // server ignored Range: start over
            m_part.resize(0);
            m_part.seek(0);
            m_resumeFrom = 0;
        }
        m_total = length > 0 ? m_resumeFrom + length : 0;
    }
    const QByteArray chunk = m_reply->readAll();
    if (m_part.write(chunk) != chunk.size()) {
        const QString why = m_part.errorString();
        m_reply->abort();
        stop(tr("cannot write %1 (disk full?): %2").arg(m_part.fileName(), why));
        return;
    }
    m_bytesThisRequest += chunk.size();
    const double secs = std::max(1e-3, m_clock.elapsed() / 1000.0);
    const double rate = m_bytesThisRequest / secs;
    const qint64 received = m_resumeFrom + m_bytesThisRequest;
    const double eta = m_total > 0 && rate > 0 ? (m_total - received) / rate : -1.0;
    Q_EMIT progress(m_queue[m_index].name, received, m_total, rate, eta);
}

void ArchiveDownloader::onFinished()
{
    if (m_running && m_reply->bytesAvailable() > 0)
        onReadyRead(); // the last bytes, before the reply is let go
    QNetworkReply* reply = m_reply;
    m_reply = nullptr;
    reply->deleteLater();
    if (!m_running)
        return;
    m_part.flush();
    const qint64 have = m_part.size();
    m_part.close();
    const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    const QString name = m_queue[m_index].name;
    if (status == 416 && have > 0) { // we already have every byte
        verifyAndExtract();
        return;
    }
    if (status >= 400) {
        stop(tr("%1: HTTP %2 %3 at %4")
                 .arg(name)
                 .arg(status)
                 .arg(reply->attribute(QNetworkRequest::HttpReasonPhraseAttribute).toString(),
                      reply->url().toString()));
        return;
    }
    const bool incomplete = m_total > 0 && have < m_total;
    if (reply->error() != QNetworkReply::NoError || incomplete) {
        if (++m_retries > m_maxRetries) {
            stop(tr("%1: %2 (gave up after %3 retries; %4 bytes kept for resume)")
                     .arg(name, reply->errorString())
                     .arg(m_maxRetries)
                     .arg(have));
            return;
        }
        Q_EMIT progress(name, have, m_total, 0.0, -1.0);
        QTimer::singleShot(200 * m_retries, this, &ArchiveDownloader::request); // resume
        return;
    }
    verifyAndExtract();
}

void ArchiveDownloader::verifyAndExtract()
{
    const Archive& a = m_queue[m_index];
    const bool fromPart = !QFileInfo::exists(path());
    QFile f(fromPart ? path(QStringLiteral(".part")) : path());
    QCryptographicHash hash(QCryptographicHash::Sha256);
    if (!f.open(QIODevice::ReadOnly) || !hash.addData(&f)) {
        stop(tr("cannot read %1").arg(f.fileName()));
        return;
    }
    f.close();
    const QByteArray sum = hash.result().toHex();
    if (sum != a.sha256Hex) {
        QString aside;
        for (int n = 1; aside.isEmpty() || QFileInfo::exists(aside); ++n)
            aside = path(QStringLiteral(".bad-%1").arg(n));
        QFile::rename(f.fileName(), aside);
        done(Result::ChecksumMismatch,
             tr("checksum mismatch (got %1, expected %2); kept aside as %3")
                 .arg(QString::fromLatin1(sum.left(16)), QString::fromLatin1(a.sha256Hex.left(16)),
                      QFileInfo(aside).fileName()));
        return;
    }
    if (fromPart && !QFile::rename(f.fileName(), path())) {
        stop(tr("cannot rename %1").arg(f.fileName()));
        return;
    }
    QFile marker(path(QStringLiteral(".verified")));
    if (marker.open(QIODevice::WriteOnly))
        marker.write(a.sha256Hex + '\n');
    extract();
}

void ArchiveDownloader::extract()
{
    auto* tar = new QProcess(this);
    connect(tar, &QProcess::finished, this, [this, tar](int code, QProcess::ExitStatus st) {
        tar->deleteLater();
        if (st != QProcess::NormalExit || code != 0) {
            done(Result::Failed,
                 tr("verified, but extraction failed: %1")
                     .arg(QString::fromLocal8Bit(tar->readAllStandardError()).trimmed()));
            return;
        }
        QFile extracted(path(QStringLiteral(".extracted")));
        if (extracted.open(QIODevice::WriteOnly))
            extracted.write("ok\n");
        done(Result::Verified, tr("verified and extracted"));
    });
    // --skip-old-files: an image already present is never overwritten.
    tar->start(QStringLiteral("tar"), {QStringLiteral("-xzf"), path(), QStringLiteral("-C"), m_dest,
                                       QStringLiteral("--skip-old-files")});
}

void ArchiveDownloader::done(Result result, const QString& message)
{
    const QString name = m_queue[m_index].name;
    if (result == Result::ChecksumMismatch || result == Result::Failed)
        m_allOk = false;
    m_summary << QStringLiteral("%1: %2").arg(name, message);
    Q_EMIT archiveDone(name, result, message);
    QTimer::singleShot(0, this, &ArchiveDownloader::next);
}

void ArchiveDownloader::stop(const QString& message)
{
    m_running = false;
    m_allOk = false;
    if (m_part.isOpen())
        m_part.close();
    m_summary << QStringLiteral("stopped: %1").arg(message);
    Q_EMIT finished(false, m_summary.join(QLatin1Char('\n')));
}

} // namespace chexview
