#include "chexview/ui/dataset/DownloadDialog.h"

#include "chexview/dataset/ArchiveDownloader.h"
#include "chexview/resources/ResourceLocator.h"

#include <QDialogButtonBox>
#include <QFileDialog>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QProgressBar>
#include <QPushButton>

namespace chexview {

DownloadDialog::DownloadDialog(QWidget* parent)
    : QDialog(parent), m_downloader(new ArchiveDownloader(this)), m_dest(new QLineEdit(this)),
      m_only(new QLineEdit(this)), m_baseUrl(new QLineEdit(this)), m_bar(new QProgressBar(this)),
      m_log(new QPlainTextEdit(this)), m_start(new QPushButton(tr("Start"), this)),
      m_cancel(new QPushButton(tr("Cancel"), this))
{
    setWindowTitle(tr("Download ChestX-ray14 images"));
    m_only->setPlaceholderText(tr("all 12 archives, or e.g. 01,02"));
    m_baseUrl->setPlaceholderText(tr("NIH's addresses (or a mirror)"));
    m_log->setReadOnly(true);
    auto* browse = new QPushButton(tr("Browse…"), this);
    auto* destRow = new QHBoxLayout;
    destRow->addWidget(m_dest, 1);
    destRow->addWidget(browse);
    auto* form = new QFormLayout;
    form->addRow(tr("Destination"), destRow);
    form->addRow(tr("Archives"), m_only);
    form->addRow(tr("Mirror URL"), m_baseUrl);
    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Close, this);
    buttons->addButton(m_start, QDialogButtonBox::ActionRole);
    buttons->addButton(m_cancel, QDialogButtonBox::ActionRole);
    m_cancel->setEnabled(false);
    auto* layout = new QVBoxLayout(this);
    layout->addLayout(form);
    layout->addWidget(m_bar);
    layout->addWidget(m_log, 1);
    layout->addWidget(buttons);
    resize(640, 420);

    connect(browse, &QPushButton::clicked, this, [this] {
        const QString d =
            QFileDialog::getExistingDirectory(this, tr("Destination"), m_dest->text());
        if (!d.isEmpty())
            m_dest->setText(d);
    });
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    connect(m_start, &QPushButton::clicked, this, &DownloadDialog::startDownload);
    connect(m_cancel, &QPushButton::clicked, m_downloader, &ArchiveDownloader::cancel);
    connect(m_downloader, &ArchiveDownloader::progress, this,
            [this](const QString& name, qint64 got, qint64 total, double rate, double eta) {
                m_bar->setMaximum(total > 0 ? 1000 : 0);
                if (total > 0)
                    m_bar->setValue(int(1000.0 * double(got) / double(total)));
                m_bar->setFormat(
                    tr("%1: %2 MB/s, ETA %3 s")
                        .arg(name)
                        .arg(rate / 1048576.0, 0, 'f', 1)
                        .arg(eta < 0 ? QStringLiteral("?") : QString::number(int(eta))));
            });
    connect(m_downloader, &ArchiveDownloader::archiveDone, this,
            [this](const QString& name, ArchiveDownloader::Result, const QString& message) {
                m_log->appendPlainText(QStringLiteral("%1: %2").arg(name, message));
            });
    connect(m_downloader, &ArchiveDownloader::finished, this,
            [this](bool ok, const QString& summary) {
                m_log->appendPlainText(ok ? tr("Done.") : tr("Stopped with problems:"));
                m_log->appendPlainText(summary);
                m_start->setEnabled(true);
                m_cancel->setEnabled(false);
                Q_EMIT downloadFinished(ok);
            });
}

void DownloadDialog::setDestination(const QString& dir)
{
    m_dest->setText(dir);
}

void DownloadDialog::setBaseUrl(const QString& url)
{
    m_baseUrl->setText(url);
}

void DownloadDialog::setOnly(const QString& numbers)
{
    m_only->setText(numbers);
}

QString DownloadDialog::log() const
{
    return m_log->toPlainText();
}

bool DownloadDialog::isRunning() const
{
    return m_downloader->isRunning();
}

void DownloadDialog::startDownload()
{
    if (m_dest->text().isEmpty()) {
        m_log->appendPlainText(tr("Choose a destination folder first."));
        return;
    }
    QStringList only;
    for (const QString& n : m_only->text().split(QLatin1Char(','), Qt::SkipEmptyParts))
        only << n.trimmed().rightJustified(2, QLatin1Char('0'));
    try {
        const QString res = ResourceLocator::resourcesDir() + QStringLiteral("/dataset/");
        const auto plan = ArchiveDownloader::plan(res + QStringLiteral("images_urls.txt"),
                                                  res + QStringLiteral("images_SHA256SUMS.txt"),
                                                  only, m_baseUrl->text().trimmed());
        m_start->setEnabled(false);
        m_cancel->setEnabled(true);
        m_log->appendPlainText(
            tr("Downloading %n archive(s) into %1", nullptr, int(plan.size())).arg(m_dest->text()));
        m_downloader->start(m_dest->text(), plan);
    } catch (const std::exception& e) {
        m_log->appendPlainText(QString::fromUtf8(e.what()));
    }
}

} // namespace chexview
