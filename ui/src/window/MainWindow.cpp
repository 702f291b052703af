#include "chexview/ui/window/MainWindow.h"

#include "chexview/image/ImageLoader.h"
#include "chexview/privacy/Anonymizer.h"
#include "chexview/resources/ResourceLocator.h"
#include "chexview/ui/analysis/FindingsPanel.h"
#include "chexview/ui/dataset/DatasetPanel.h"
#include "chexview/ui/document/ViewerDocument.h"
#include "chexview/ui/results/StoredResultsPanel.h"
#include "chexview/ui/viewer/AsyncImageLoader.h"
#include "chexview/ui/viewer/ImageView.h"
#include "chexview/ui/viewer/RecentFiles.h"
#include "chexview/ui/viewer/StudyList.h"
#include "chexview/ui/viewer/TagPanel.h"
#include "chexview/ui/window/ElidedLabel.h"
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
        // The study and tag docks belong to the viewer: out of the way on the other tabs.
        if (m_tabs->widget(index) != m_view) {
            if (!m_docksStashed) {
                // Open or closed, not raised: a dock tabbed behind another is still open.
                m_docksShown = {m_studyDock->toggleViewAction()->isChecked(),
                                m_tagDock->toggleViewAction()->isChecked()};
                m_findingsShown = m_findingsDock->toggleViewAction()->isChecked();
                m_studyDock->hide();
                m_tagDock->hide();
                m_findingsDock->hide();
                m_docksStashed = true;
            }
        } else if (m_docksStashed) {
            m_studyDock->setVisible(m_docksShown.first);
            m_tagDock->setVisible(m_docksShown.second);
            m_findingsDock->setVisible(m_findingsShown);
            if (m_findingsShown)
                m_findingsDock->raise();
            m_docksStashed = false;
        }
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
    restoreSettings();

    connect(m_loader, &AsyncImageLoader::started, this, [this](const QString& path) {
        m_openClock.start();
        m_clockFromOpen = true;
        m_fileLabel->setFullText(tr("Loading %1…").arg(m_study->displayName(path)));
        m_fileLabel->setStyleSheet(QString());
        clearAnalysis();       // the previous image's scores must not sit beside the next image
        m_pixelLabel->clear(); // nor its pixel values
        m_findings->setBusy(false);
        m_findings->setStatus(tr("loading image…"));
    });
    connect(m_loader, &AsyncImageLoader::loaded, this, &MainWindow::showImage);
    connect(m_loader, &AsyncImageLoader::failed, this, &MainWindow::showError);
    connect(m_study, &StudyList::fileActivated, this,
            [this](const QString& path) { m_loader->request(path); });
    connect(m_view, &ImageView::windowChanged, this, &MainWindow::updateWindowReadout);
    connect(m_view, &ImageView::invertChanged, this, [this](bool on) {
        m_invertAction->setChecked(on);
        updateWindowReadout();
    });
    connect(m_view, &ImageView::orientationChanged, this, [this] {
        const OrientationMarkers m = m_view->orientation();
        m_orientationLabel->setText(m_view->image() ? m.statusText() : QString());
        m_orientationLabel->setToolTip(
            m.assumed ? tr("Patient directions at the left/right and top/bottom edges. The file "
                           "has no Patient Orientation (0020,0020): the standard chest display "
                           "is assumed (patient's left on the viewer's right).")
                      : tr("Patient directions at the left/right and top/bottom edges, from the "
                           "file's Patient Orientation (0020,0020)."));
    });
    connect(m_view, &ImageView::zoomChanged, this,
            [this](double z) { m_zoomLabel->setText(tr("Zoom %1%").arg(qRound(z * 100))); });
    connect(m_view, &ImageView::pixelHovered, this,
            [this](bool valid, QPoint pos, int stored, double modality) {
                if (!valid || !m_view->image()) {
                    m_pixelLabel->clear();
                    return;
                }
                QString text = tr("x %1 y %2  stored %3  value %4")
                                   .arg(pos.x())
                                   .arg(pos.y())
                                   .arg(stored)
                                   .arg(modality, 0, 'g', 6);
                const ImageMetadata& m = m_view->image()->metadata();
                if (m.spacingRowMm && m.spacingColMm)
                    text += tr("  (%1, %2) mm")
                                .arg(pos.x() * *m.spacingColMm, 0, 'f', 1)
                                .arg(pos.y() * *m.spacingRowMm, 0, 'f', 1);
                m_pixelLabel->setText(text);
            });
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
    // Like the tag dock, it belongs to the viewer: out of the way on the other tabs.
    connect(m_tabs, &QTabWidget::currentChanged, resultsDock, [this, resultsDock](int index) {
        const bool viewer = m_tabs->widget(index) == m_view;
        if (!viewer && resultsDock->toggleViewAction()->isChecked()) {
            resultsDock->setProperty("stashed", true);
            resultsDock->hide();
        } else if (viewer && resultsDock->property("stashed").toBool()) {
            resultsDock->setProperty("stashed", false);
            resultsDock->show();
        }
    });
    connect(m_storedResults, &StoredResultsPanel::overlayChanged, this,
            [this](const CamOverlay& overlay, const QString& label) {
                m_view->setOverlay(overlay);
                m_view->setOverlayLabel(label);
            });
}

void MainWindow::buildStatusBar()
{
    m_fileLabel = new ElidedLabel(this);
    m_fileLabel->setObjectName(QStringLiteral("fileStatus"));
    m_windowLabel = new QLabel(this);
    m_pixelLabel = new QLabel(this);
    m_pixelLabel->setObjectName(QStringLiteral("pixelStatus"));
    m_orientationLabel = new QLabel(this);
    m_orientationLabel->setObjectName(QStringLiteral("orientationStatus"));
    m_calibrationLabel = new QLabel(this);
    m_calibrationLabel->setObjectName(QStringLiteral("calibrationStatus"));
    m_zoomLabel = new QLabel(this);
    statusBar()->addWidget(m_fileLabel, 1);
    statusBar()->addPermanentWidget(m_pixelLabel);
    statusBar()->addPermanentWidget(m_orientationLabel);
    statusBar()->addPermanentWidget(m_calibrationLabel);
    statusBar()->addPermanentWidget(m_windowLabel);
    statusBar()->addPermanentWidget(m_zoomLabel);
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
    if (m_docksStashed) { // save the viewer's dock layout, not the hidden one
        m_studyDock->setVisible(m_docksShown.first);
        m_tagDock->setVisible(m_docksShown.second);
        m_findingsDock->setVisible(m_findingsShown);
    }
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
    m_fileLabel->setStyleSheet(QString());
    refreshIdentity();
    syncPresentation();
    Q_EMIT imageShown(path, true);
    m_findings->clearGate(); // the last image's verdict; analyzeCurrent() gates this one
    if (m_analyzeOnOpen)
        analyzeCurrent();
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
    m_fileLabel->setFullText(text);
    m_fileLabel->setToolTip(m.warnings.isEmpty() ? text : m.warnings.join(QLatin1Char('\n')));
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
    m_fileLabel->setFullText(tr("Cannot open %1: %2").arg(m_study->displayName(path), message));

    m_fileLabel->setStyleSheet(QStringLiteral("color:#c03030;"));
    Q_EMIT imageShown(path, false);
}

QString MainWindow::statusMessage() const
{
    return m_fileLabel->fullText();
}

void MainWindow::updateWindowReadout()
{
    const VoiWindow w = m_view->window();
    if (!m_view->image()) {
        m_windowLabel->clear();
        return;
    }
    m_windowLabel->setText(
        w.isLut() ? tr("VOI LUT %1").arg(w.name())
                  : tr("W %1 L %2").arg(w.width(), 0, 'f', 1).arg(w.center(), 0, 'f', 1));
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
