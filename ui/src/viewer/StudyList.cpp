#include "chexview/ui/viewer/StudyList.h"
#include "chexview/workflow/ApplicationThreadPool.h"

#include "chexview/image/DisplayPipeline.h"
#include "chexview/image/ImageError.h"
#include "chexview/image/ImageLoader.h"

#include <QDir>
#include <QFileInfo>
#include <QThreadPool>
#include <QtConcurrent/QtConcurrentMap>

namespace chexview {

namespace {
constexpr int kThumb = 96;

// Thumbnails get one thread of their own so they never delay the image the user opened.
QThreadPool* thumbnailPool()
{
    return ApplicationThreadPool::pool(QStringLiteral("chexview-study-thumbnails"), 1);
}
} // namespace

StudyList::StudyList(QWidget* parent) : QListWidget(parent)
{
    setViewMode(QListView::ListMode);
    setIconSize(QSize(kThumb, kThumb));
    setUniformItemSizes(true);
    setSelectionMode(QAbstractItemView::SingleSelection);
    // A long file name elides in the middle ("chest_radio…00000075_000.png": the end tells NIH
    // names apart) instead of being cut or scrolling sideways; the tooltip has it whole.
    setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    setTextElideMode(Qt::ElideMiddle);
    connect(this, &QListWidget::currentRowChanged, this, [this](int row) {
        if (row >= 0 && row < m_files.size())
            Q_EMIT fileActivated(m_files[row]);
    });
}

StudyList::~StudyList()
{
    if (m_watcher) {
        m_watcher->disconnect(this);
        m_watcher->cancel();
    }
}

int StudyList::openFolder(const QString& dir)
{
    QDir d(dir);
    QStringList files;
    for (const QFileInfo& fi :
         d.entryInfoList(ImageLoader::nameFilters(), QDir::Files | QDir::Readable, QDir::Name))
        files << fi.absoluteFilePath();
    setFiles(files);
    return int(files.size());
}

void StudyList::setFiles(const QStringList& files)
{
    blockSignals(true);
    clear();
    m_files = files;
    QPixmap placeholder(kThumb, kThumb);
    placeholder.fill(QColor(40, 40, 40));
    m_errors = QStringList(files.size(), QString());
    for (int row = 0; row < files.size(); ++row)
        new QListWidgetItem(QIcon(placeholder), QString(), this);
    relabel();
    blockSignals(false);
    startThumbnails();
}

void StudyList::startThumbnails()
{
    const quint64 generation = ++m_generation;
    if (m_watcher) {
        m_watcher->disconnect(this);
        m_watcher->cancel();
        m_watcher->deleteLater();
    }
    QList<int> rows;
    for (int i = 0; i < m_files.size(); ++i)
        rows << i;
    const QStringList files = m_files;
    m_watcher = new QFutureWatcher<Thumb>(this);
    connect(m_watcher, &QFutureWatcher<Thumb>::resultReadyAt, this, [this](int index) {
        const Thumb t = m_watcher->resultAt(index);
        if (t.generation != m_generation || t.row >= count())
            return;
        QListWidgetItem* it = item(t.row);
        if (!t.error.isEmpty()) {
            m_errors[t.row] = t.error;
            it->setForeground(QColor(200, 80, 80));
            relabel();
            return;
        }
        it->setIcon(QIcon(QPixmap::fromImage(t.image)));
    });
    m_watcher->setFuture(QtConcurrent::mapped(thumbnailPool(), rows, [files, generation](int row) {
        Thumb t{row, generation, {}, {}};
        try {
            const XrayImagePtr img = ImageLoader::load(files[row]);
            t.image = DisplayPipeline::render(*img, {}).scaled(kThumb, kThumb, Qt::KeepAspectRatio,
                                                               Qt::SmoothTransformation);
        } catch (const ImageError& e) {
            t.error = e.message();
        }
        return t;
    }));
}

QString StudyList::displayName(int row) const
{
    if (row < 0 || row >= m_files.size())
        return {};
    return m_anonymize ? tr("Image %1 of %2").arg(row + 1).arg(m_files.size())
                       : QFileInfo(m_files[row]).fileName();
}

QString StudyList::displayName(const QString& path) const
{
    const int row = int(m_files.indexOf(path));
    if (row >= 0)
        return displayName(row);
    return m_anonymize ? tr("Image") : QFileInfo(path).fileName();
}

void StudyList::setAnonymize(bool on)
{
    m_anonymize = on;
    relabel();
}

void StudyList::relabel()
{
    for (int row = 0; row < count() && row < m_files.size(); ++row) {
        QListWidgetItem* it = item(row);
        it->setText(displayName(row));
        // The path names the patient as often as not: only shown when not anonymized.
        QString tip = m_anonymize ? displayName(row) : m_files[row];
        if (!m_errors.value(row).isEmpty())
            tip += QStringLiteral("\n") + (m_anonymize ? tr("cannot be read") : m_errors[row]);
        it->setToolTip(tip);
    }
}

QString StudyList::currentFile() const
{
    const int row = currentRow();
    return row >= 0 && row < m_files.size() ? m_files[row] : QString();
}

void StudyList::selectFile(const QString& path)
{
    const int row = int(m_files.indexOf(path));
    if (row >= 0 && row != currentRow()) {
        blockSignals(true);
        setCurrentRow(row);
        blockSignals(false);
    }
}

void StudyList::next()
{
    if (currentRow() + 1 < count())
        setCurrentRow(currentRow() + 1);
}

void StudyList::previous()
{
    if (currentRow() > 0)
        setCurrentRow(currentRow() - 1);
}

} // namespace chexview
