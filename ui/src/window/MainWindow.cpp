#include "chexview/ui/window/MainWindow.h"

#include "chexview/image/ImageLoader.h"
#include "chexview/privacy/Anonymizer.h"
#include "chexview/resources/ResourceLocator.h"
#include "chexview/ui/analysis/AnalysisPresenter.h"
#include "chexview/ui/dataset/DatasetPanel.h"
#include "chexview/ui/document/ViewerDocument.h"
#include "chexview/ui/results/StoredResultsPanel.h"
#include "chexview/ui/viewer/AsyncImageLoader.h"
#include "chexview/ui/viewer/ImageView.h"
#include "chexview/ui/viewer/RecentFiles.h"
#include "chexview/ui/viewer/StudyList.h"
#include "chexview/ui/viewer/TagPanel.h"
#include "chexview/ui/window/ViewerDockStash.h"
#include "chexview/ui/window/ViewerStatusBar.h"
#include "chexview/ui/window/WindowPlacement.h"

#include <QCloseEvent>
#include <QDockWidget>
#include <QFileInfo>
#include <QGuiApplication>
#include <QHBoxLayout>
#include <QLabel>
#include <QMimeData>
#include <QScreen>
#include <QSettings>
#include <QStatusBar>
#include <QTabWidget>
#include <QVBoxLayout>

namespace chexview {

namespace {
/// A tab page that is not shown must not widen the window: QStackedLayout's minimum is the
/// largest of all its pages, so once the Dataset tab had filled its tables (700 px) the viewer
/// with its docks came back 1312 px wide on a 1280 px screen. Hidden pages get an Ignored
/// size policy (no minimum from their contents); the shown one gets its own policy back.
void sizeOnlyTheCurrentPage(QTabWidget& tabs, int current)
{
    static const char* const kOwnPolicy = "chexviewOwnSizePolicy";
    for (int i = 0; i < tabs.count(); ++i) {
        QWidget* page = tabs.widget(i);
        if (!page->property(kOwnPolicy).isValid())
            page->setProperty(kOwnPolicy, QVariant::fromValue(page->sizePolicy()));
        page->setSizePolicy(i == current ? page->property(kOwnPolicy).value<QSizePolicy>()
                                         : QSizePolicy(QSizePolicy::Ignored, QSizePolicy::Ignored));
    }
    // A hidden page's new policy invalidates nothing (Qt skips hidden widgets).
    tabs.updateGeometry();
}
} // namespace

MainWindow::MainWindow(QWidget* parent)
    : QMainWindow(parent), m_doc(new ViewerDocument(this)), m_view(new ImageView(this)),
      m_loader(new AsyncImageLoader(this))
{
    setWindowTitle(tr("chexview"));
    setAcceptDrops(true);
    auto* central = new QWidget(this);
    auto* layout = new QVBoxLayout(central);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(0);
    auto* banner =
        new QLabel(tr("Not for clinical use — research and demonstration only"), central);
    banner->setObjectName(QStringLiteral("notForClinicalUse"));
    banner->setAlignment(Qt::AlignCenter);
    // Both banners wrap rather than set the central area's minimum width: the docks must not
    // shrink when the "untrained" banner appears with the model.
    banner->setWordWrap(true);
    banner->setMinimumWidth(1);
    banner->setStyleSheet(
        QStringLiteral("background:#7a1f1f;color:white;font-weight:bold;padding:3px;"));
    auto* bannerRow = new QHBoxLayout;
    bannerRow->setSpacing(0);
    bannerRow->addWidget(banner, 1);
    m_untrainedBanner = new QLabel(tr("untrained demo weights — scores are meaningless"), central);
    m_untrainedBanner->setObjectName(QStringLiteral("untrainedBanner"));
    m_untrainedBanner->setWordWrap(true);
    m_untrainedBanner->setAlignment(Qt::AlignCenter);
    m_untrainedBanner->setStyleSheet(
        QStringLiteral("background:#f2c200;color:black;font-weight:bold;padding:3px 10px;"));
    // Its place is kept while hidden, so the banner row (and with it the image area and the fit
    // zoom) keeps its height when the model loads and the badge appears or goes.
    QSizePolicy keep = m_untrainedBanner->sizePolicy();
    keep.setRetainSizeWhenHidden(true);
    m_untrainedBanner->setSizePolicy(keep);
    m_untrainedBanner->hide();
    bannerRow->addWidget(m_untrainedBanner);
    layout->addLayout(bannerRow);
    m_tabs = new QTabWidget(central);
    m_tabs->setDocumentMode(true);
    m_tabs->addTab(m_view, tr("Viewer"));
    m_dataset = new DatasetPanel(m_tabs);
    m_tabs->addTab(m_dataset, tr("Dataset"));
    layout->addWidget(m_tabs, 1);
    // The dataset statistics are read the first time the tab is shown, not at start-up.
    connect(m_tabs, &QTabWidget::currentChanged, this, [this](int index) {
        const bool dataset = m_tabs->widget(index) == m_dataset;
        // The viewer's docks: out of the way on the other tabs. The window's minimum is the
        // docks' plus the shown page's: the docks go before another page may count, and come
        // back only after the page that left stops counting (else the window, 1280 px on a
        // 1280x720 screen, came back 1310 px wide with the Findings panel clipped).
        const bool viewer = m_tabs->widget(index) == m_view;
        if (m_dockStash && !viewer)
            m_dockStash->stash();
        sizeOnlyTheCurrentPage(*m_tabs, index);
        centralWidget()->updateGeometry();
        QMainWindow::layout()->activate();
        if (m_dockStash && viewer) // (null while the window is still being assembled)
            m_dockStash->restore();
        if (dataset && m_dataset->stats().splits.isEmpty() && !m_dataset->isBusy())
            m_dataset->loadSplitLists(ResourceLocator::bundledLists());
    });
    setCentralWidget(central);

    buildActions();
    buildDocks();
    buildMenus();
    buildAnalysis();
    buildEvaluation();
    buildStudies();
    buildStatusBar();
    buildMeasureMenu();
    sizeOnlyTheCurrentPage(*m_tabs, m_tabs->currentIndex());
    m_dockStash = std::make_unique<ViewerDockStash>(
        this, QList<QDockWidget*>{m_studyDock, m_studyBrowserDock, m_tagDock,
                                  findChild<QDockWidget*>(QStringLiteral("storedResultsDock")),
                                  m_findingsDock});
    restoreSettings();

    connect(m_loader, &AsyncImageLoader::started, this, [this](const QString& path) {
        m_analysisFlow->imageOpening(); // the clock starts; the last scores leave
        m_status->showLoading(m_study->displayName(path));
    });
    connect(m_loader, &AsyncImageLoader::loaded, this, &MainWindow::showImage);
    connect(m_loader, &AsyncImageLoader::failed, this, &MainWindow::showError);
    connect(m_study, &StudyList::fileActivated, this,
            [this](const QString& path) { m_loader->request(path); });
    connect(m_view, &ImageView::invertChanged, m_invertAction, &QAction::setChecked);
}

MainWindow::~MainWindow() = default;

void MainWindow::buildDocks()
{
    m_study = new StudyList(this);
    m_studyDock = new QDockWidget(tr("Study"), this);
    m_studyDock->setObjectName(QStringLiteral("studyDock"));
    m_studyDock->setWidget(m_study);
    addDockWidget(Qt::LeftDockWidgetArea, m_studyDock);

    m_tags = new TagPanel(this);
    m_tagDock = new QDockWidget(tr("DICOM tags"), this);
    m_tagDock->setObjectName(QStringLiteral("tagDock"));
    m_tagDock->setWidget(m_tags);
    addDockWidget(Qt::RightDockWidgetArea, m_tagDock);

    m_storedResults = new StoredResultsPanel(this);
    m_storedResults->setPacsCacheDir(pacsCacheDir());
    auto* resultsDock = new QDockWidget(tr("Stored AI results"), this);
    resultsDock->setObjectName(QStringLiteral("storedResultsDock"));
    resultsDock->setWidget(m_storedResults);
    addDockWidget(Qt::RightDockWidgetArea, resultsDock); // tabbed with Findings in buildAnalysis
    connect(m_storedResults, &StoredResultsPanel::overlayChanged, this,
            [this](const CamOverlay& overlay, const QString& label) {
                m_view->setOverlay(overlay);
                m_view->setOverlayLabel(label);
            });
}

void MainWindow::buildStatusBar()
{
    m_status = new ViewerStatusBar(statusBar(), m_view);
}

void MainWindow::restoreSettings()
{
    QSettings s;
    // The first run opens maximized on every screen, over the whole available area (a 1920x1080
    // screen used to get a 1280x860 window with a 570x730 image). A saved geometry is pulled
    // back inside the screen.
    const QScreen* scr = screen() ? screen() : QGuiApplication::primaryScreen();
    const QRect available = scr ? scr->availableGeometry() : QRect(0, 0, 1280, 860);
    if (restoreGeometry(s.value(QStringLiteral("window/geometry")).toByteArray())) {
        if (!isMaximized() && !isFullScreen())
            setGeometry(WindowPlacement::clamp(geometry(), available));
    } else {
        // The whole available screen also where no window manager maximizes (a kiosk, Xvfb).
        setGeometry(WindowPlacement::initial(available, available.size()));
        setWindowState(windowState() | Qt::WindowMaximized);
    }
    if (!restoreState(s.value(QStringLiteral("window/state")).toByteArray()))
        resizeDocks({m_studyDock, m_tagDock}, {230, 470}, Qt::Horizontal);
    const bool anonymize = s.value(QStringLiteral("view/anonymize"), false).toBool();
    setAnonymized(anonymize);
    applyAnonymize(anonymize);
}

void MainWindow::closeEvent(QCloseEvent* event)
{
    m_dockStash->restore(); // save the viewer's dock layout, not the hidden one
    QSettings s;
    s.setValue(QStringLiteral("window/geometry"), saveGeometry());
    s.setValue(QStringLiteral("window/state"), saveState());
    s.setValue(QStringLiteral("view/anonymize"), m_anonymizeAction->isChecked());
    event->accept();
}

const AnalysisResult& MainWindow::analysisResult() const
{
    return m_doc->result();
}

QString MainWindow::currentFile() const
{
    return m_doc->file();
}

void MainWindow::openPath(const QString& path)
{
    const QFileInfo fi(path);
    if (fi.isDir()) {
        QSettings().setValue(QStringLiteral("lastDir"), fi.absoluteFilePath());
        const int n = m_study->openFolder(fi.absoluteFilePath());
        if (n == 0) {
            showError(path, tr("no supported images in this folder"));
            return;
        }
        m_study->setCurrentRow(0); // loads the first file
        return;
    }
    QSettings().setValue(QStringLiteral("lastDir"), fi.absolutePath());
    if (!m_study->files().contains(fi.absoluteFilePath()))
        m_study->setFiles({fi.absoluteFilePath()});
    m_study->selectFile(fi.absoluteFilePath());
    m_loader->request(fi.absoluteFilePath());
}

void MainWindow::showImage(const QString& path, XrayImagePtr image, qint64 elapsedMs)
{
    m_doc->setImage(path, image);
    m_tabs->setCurrentWidget(m_view);
    m_loadMs = elapsedMs;
    m_view->setImage(image);
    loadMeasurements(path, image);
    m_view->setFocus();
    m_storedResults->setImage(path, image->width(), image->height());
    m_tags->setFilterText(QString()); // a search kept from the last image would hide this one's
    m_study->selectFile(path);
    rebuildPresetMenu();
    QSettings s;
    RecentFiles::add(s, path);
    rebuildRecentMenu();
    refreshIdentity();
    syncPresentation();
    Q_EMIT imageShown(path, true);
    m_analysisFlow->imageShown(); // gated, and scored when "Analyze on Open" is on
}

void MainWindow::refreshIdentity()
{
    const bool anonymize = m_anonymizeAction->isChecked();
    const XrayImagePtr image = m_view->image();
    if (!image) {
        setWindowTitle(tr("chexview"));
        return;
    }
    const ImageMetadata m =
        anonymize ? Anonymizer::anonymize(image->metadata()) : image->metadata();
    m_tags->setMetadata(m);
    const QString name = m_study->displayName(m_doc->file());
    QString text = tr("%1 — %2 %3×%4, %5-bit %6")
                       .arg(name, m.format)
                       .arg(image->width())
                       .arg(image->height())
                       .arg(image->bitsStored())
                       .arg(m.photometric);
    if (!m.transferSyntaxName.isEmpty())
        text += QStringLiteral(", ") + m.transferSyntaxName;
    if (image->frameCount() > 1)
        text += tr(", frame 1 of %1").arg(image->frameCount());
    text += tr(" — %1 ms").arg(m_loadMs);
    if (!m.warnings.isEmpty())
        text += tr(" — %n warning(s)", nullptr, int(m.warnings.size()));
    m_status->showFile(text, m.warnings.isEmpty() ? text : m.warnings.join(QLatin1Char('\n')));
    setWindowTitle(anonymize ? tr("%1 — chexview (anonymized)").arg(name)
                             : tr("%1 — chexview").arg(name));
}

void MainWindow::applyAnonymize(bool on)
{
    m_view->setAnonymize(on);
    m_study->setAnonymize(on);
    rebuildRecentMenu();
    refreshIdentity();
    syncPresentation();
}

void MainWindow::showError(const QString& path, const QString& message)
{
    // Decoder messages never quote patient data, but the file name may: anonymized, say which.
    m_status->showError(tr("Cannot open %1: %2").arg(m_study->displayName(path), message));
    Q_EMIT imageShown(path, false);
}

QString MainWindow::statusMessage() const
{
    return m_status->fileText();
}

void MainWindow::dragEnterEvent(QDragEnterEvent* event)
{
    if (event->mimeData()->hasUrls())
        event->acceptProposedAction();
}

void MainWindow::dropEvent(QDropEvent* event)
{
    const QList<QUrl> urls = event->mimeData()->urls();
    if (!urls.isEmpty() && urls.first().isLocalFile())
        openPath(urls.first().toLocalFile());
}

} // namespace chexview
