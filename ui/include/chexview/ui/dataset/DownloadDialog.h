#pragma once

#include <QDialog>

class QLineEdit;
class QProgressBar;
class QPlainTextEdit;
class QPushButton;

namespace chexview {

class ArchiveDownloader;

/// GUI front of `chexview-cli dataset download`: destination, archive selection, progress with
/// rate and ETA, a log, cancel (partial data is kept for resume). GUI thread only.
class DownloadDialog : public QDialog
{
    Q_OBJECT
public:
    explicit DownloadDialog(QWidget* parent = nullptr);
    void setDestination(const QString& dir);
    void setBaseUrl(const QString& url);
    void setOnly(const QString& numbers);
    void startDownload();
    QString log() const;
    bool isRunning() const;

Q_SIGNALS:
    void downloadFinished(bool ok);

private:
    ArchiveDownloader* m_downloader;
    QLineEdit* m_dest;
    QLineEdit* m_only;
    QLineEdit* m_baseUrl;
    QProgressBar* m_bar;
    QPlainTextEdit* m_log;
    QPushButton* m_start;
    QPushButton* m_cancel;
};

} // namespace chexview
