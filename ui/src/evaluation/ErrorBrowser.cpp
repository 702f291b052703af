#include "chexview/ui/evaluation/ErrorBrowser.h"
#include "chexview/workflow/ApplicationThreadPool.h"

#include "chexview/eval/ExpertFormatter.h"

#include "chexview/image/DisplayPipeline.h"
#include "chexview/image/ImageLoader.h"

#include <QFutureWatcher>
#include <QThreadPool>
#include <QtConcurrent/QtConcurrentRun>

#include <QComboBox>
#include <QDir>
#include <QFileInfo>
#include <QLabel>
#include <QListWidget>
#include <QPixmap>
#include <QVBoxLayout>

#include <cmath>

namespace chexview {

namespace {

QThreadPool* thumbnailPool()
{
    return ApplicationThreadPool::pool(QStringLiteral("chexview-error-thumbnails"), 1);
}

} // namespace

ErrorBrowser::ErrorBrowser(QWidget* parent)
    : QWidget(parent), m_kind(new QComboBox(this)), m_summary(new QLabel(this)),
      m_list(new QListWidget(this))
{
    m_kind->addItem(tr("False negatives (missed positives, lowest score first)"));
    m_kind->addItem(tr("False positives (called positive, highest score first)"));
    m_kind->setSizeAdjustPolicy(QComboBox::AdjustToMinimumContentsLengthWithIcon);
    m_kind->setMinimumContentsLength(16);
    m_summary->setWordWrap(true);
    m_list->setIconSize(QSize(64, 64));
    m_list->setUniformItemSizes(true);
    // Long names elide instead of scrolling sideways; every row is a thumbnail high (rows
    // without a thumbnail yet, or past the first kThumbnails, keep a placeholder of that size).
    m_list->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    m_list->setTextElideMode(Qt::ElideRight);
    m_list->setToolTip(tr("Click to open the image in the Viewer with the finding's heatmap and "
                          "the expert boxes; N / P step through the list there"));
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_kind);
    layout->addWidget(m_summary);
    layout->addWidget(m_list, 1);
    connect(m_kind, &QComboBox::currentIndexChanged, this, &ErrorBrowser::refill);
    connect(m_list, &QListWidget::itemActivated, this,
            [this](QListWidgetItem* item) { activate(m_list->row(item)); });
    connect(m_list, &QListWidget::itemClicked, this,
            [this](QListWidgetItem* item) { activate(m_list->row(item)); });
}

void ErrorBrowser::activate(int row)
{
    if (row >= 0 && row < m_paths.size())
        Q_EMIT errorActivated(row);
}

void ErrorBrowser::showFalsePositives(bool fp)
{
    m_kind->setCurrentIndex(fp ? 1 : 0);
}

bool ErrorBrowser::showsFalsePositives() const
{
    return m_kind->currentIndex() == 1;
}

int ErrorBrowser::count() const
{
    return m_list->count();
}

void ErrorBrowser::setErrors(const EvaluationSet* set, int finding, double threshold,
                             const QString& imagesDir)
{
    m_set = set;
    m_finding = finding;
    m_threshold = threshold;
    m_imagesDir = imagesDir;
    refill();
}

void ErrorBrowser::setExpertLabels(std::shared_ptr<const ExpertLabelTable> labels)
{
    if (labels == m_expert)
        return;
    m_expert = std::move(labels);
    refill();
}

void ErrorBrowser::refill()
{
    ++m_generation; // thumbnails still decoding for the previous list are dropped
    m_list->clear();
    m_paths.clear();
    if (!m_set || m_finding < 0 || std::isnan(m_threshold)) {
        m_summary->setText(tr("Run an evaluation and select a finding."));
        return;
    }
    const bool fp = showsFalsePositives();
    const std::vector<ErrorCase> errors =
        fp ? ErrorRanking::falsePositives(*m_set, m_finding, m_threshold)
           : ErrorRanking::falseNegatives(*m_set, m_finding, m_threshold);
    m_summary->setText(tr("%1: %2 %3 at threshold %4%5")
                           .arg(chestXray14Findings()[m_finding])
                           .arg(errors.size())
                           .arg(fp ? tr("false positives") : tr("false negatives"))
                           .arg(m_threshold, 0, 'f', 3)
                           .arg(int(errors.size()) > kMaxRows
                                    ? tr(" (first %1 listed)").arg(kMaxRows)
                                    : QString()));
    const QDir dir(m_imagesDir);
    QPixmap placeholder(m_list->iconSize());
    placeholder.fill(QColor(40, 40, 40));
    const QIcon blank(placeholder);
    for (const ErrorCase& e : errors) {
        if (m_list->count() >= kMaxRows)
            break;
        const QString name = m_set->images[e.index];
        const QString path = dir.filePath(name);
        QString text = QStringLiteral("%1   %2\n%3")
                           .arg(e.probability, 0, 'f', 3)
                           .arg(name, ErrorRanking::labelText(*m_set, e.index));
        if (m_expert) {
            const auto x = m_expert->byImage.constFind(name);
            const QString both = x == m_expert->byImage.constEnd()
                                     ? QString()
                                     : ExpertFormatter::labelComparison(
                                           m_finding, m_set->labels[size_t(e.index)], *x);
            if (!both.isEmpty())
                text += QLatin1Char('\n') + both;
        }
        auto* item = new QListWidgetItem(blank, text);
        item->setToolTip(text + QStringLiteral("\n\n") + m_list->toolTip());
        if (m_list->count() < kThumbnails && QFileInfo::exists(path)) {
            requestThumbnail(m_list->count(), path);
        } else if (!QFileInfo::exists(path)) {
            item->setToolTip(tr("not found: %1").arg(path));
        }
        m_list->addItem(item);
        m_paths << path;
    }
}

void ErrorBrowser::requestThumbnail(int row, const QString& path)
{
    // Decoded on the thumbnail pool, never on the GUI thread: a threshold change repaints the
    // list at once and the icons follow.
    auto* watcher = new QFutureWatcher<QImage>(this);
    const quint64 generation = m_generation;
    connect(watcher, &QFutureWatcher<QImage>::finished, this,
            [this, watcher, row, generation, path] {
                watcher->deleteLater();
                if (generation != m_generation || row >= m_list->count())
                    return;
                const QImage icon = watcher->result();
                if (icon.isNull())
                    m_list->item(row)->setToolTip(tr("%1 could not be read").arg(path));
                else
                    m_list->item(row)->setIcon(QPixmap::fromImage(icon));
            });
    watcher->setFuture(QtConcurrent::run(thumbnailPool(), [path] {
        try {
            const XrayImagePtr image = ImageLoader::load(path);
            return DisplayPipeline::render(*image, {})
                .scaled(64, 64, Qt::KeepAspectRatio, Qt::SmoothTransformation);
        } catch (...) {
            return QImage();
        }
    }));
}

} // namespace chexview
