// Menus and actions of MainWindow (split from MainWindow.cpp to keep files small).
#include "chexview/image/ImageLoader.h"
#include "chexview/image/VoiPresets.h"
#include "chexview/ui/dataset/DatasetPanel.h"
#include "chexview/ui/dataset/DownloadDialog.h"
#include "chexview/ui/pacs/PacsQueryDialog.h"
#include "chexview/ui/results/StoredResultsPanel.h"
#include "chexview/ui/viewer/ImageView.h"
#include "chexview/ui/viewer/RecentFiles.h"
#include "chexview/ui/viewer/StudyList.h"
#include "chexview/ui/window/MainWindow.h"
#include "chexview/ui/window/ShortcutsDialog.h"

#include <QApplication>
#include <QDockWidget>
#include <QFileDialog>
#include <QFileInfo>
#include <QMenuBar>
#include <QMessageBox>
#include <QPushButton>
#include <QSettings>
#include <QStandardPaths>
#include <QTabWidget>
#include <QToolBar>

namespace chexview {

void MainWindow::buildActions()
{
    m_invertAction = new QAction(tr("&Invert"), this);
    m_invertAction->setCheckable(true);
    m_invertAction->setShortcut(QKeySequence(Qt::Key_I));
    connect(m_invertAction, &QAction::triggered, m_view, &ImageView::setInvert);

    m_anonymizeAction = new QAction(tr("&Anonymize on screen"), this);
    m_anonymizeAction->setCheckable(true);
    // Not Ctrl+A: that is Select All in every text field, and one press while anonymized
    // used to show the patient's name. The key is no standard key of any platform.
    m_anonymizeAction->setShortcut(anonymizeShortcut());
    m_anonymizeAction->setToolTip(
        tr("Hide everything that identifies the patient: name, IDs, dates, institution, file "
           "names (overlay, tags, title, study list, status bar, exports and reports). Turning "
           "it off asks first."));
    connect(m_anonymizeAction, &QAction::toggled, this, [this](bool on) {
        if (on || m_revealConfirmed) {
            applyAnonymize(on);
            return;
        }
        // Unchecked by the key, the menu or the toolbar: checked again before anything is
        // repainted, then asked (queued, so the menu is closed first).
        {
            const QSignalBlocker block(m_anonymizeAction);
            m_anonymizeAction->setChecked(true);
        }
        QMetaObject::invokeMethod(this, &MainWindow::askToReveal, Qt::QueuedConnection);
    });

    m_focusImageAction = new QAction(tr("Back to the &Image"), this);
    m_focusImageAction->setShortcut(QKeySequence(Qt::Key_Escape));
    m_focusImageAction->setToolTip(tr("Keyboard focus back on the image (from the tag search, "
                                      "the study list or a panel)"));
    connect(m_focusImageAction, &QAction::triggered, this, [this] {
        m_tabs->setCurrentWidget(m_view);
        m_view->setFocus(Qt::ShortcutFocusReason);
    });
    addAction(m_focusImageAction);
    connect(qApp, &QApplication::focusChanged, this,
            [this](QWidget*, QWidget* now) { m_focusImageAction->setEnabled(now != m_view); });
}

QKeySequence MainWindow::anonymizeShortcut()
{
    return QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_H);
}

void MainWindow::setAnonymized(bool on)
{
    m_revealConfirmed = true;
    m_anonymizeAction->setChecked(on);
    m_revealConfirmed = false;
}

bool MainWindow::isAnonymized() const
{
    return m_anonymizeAction->isChecked();
}

void MainWindow::askToReveal()
{
    if (!m_anonymizeAction->isChecked())
        return;
    QMessageBox box(QMessageBox::Warning, tr("Show patient identity?"),
                    tr("Turn anonymization off? The patient's name, IDs, dates and file names "
                       "will be shown in the overlay, the tags, the study list and the exports."),
                    QMessageBox::Yes | QMessageBox::No, this);
    box.setObjectName(QStringLiteral("revealIdentityQuestion"));
    box.button(QMessageBox::Yes)->setText(tr("Show identity"));
    box.button(QMessageBox::No)->setText(tr("Keep anonymized"));
    box.setDefaultButton(QMessageBox::No);
    box.setEscapeButton(QMessageBox::No);
    if (box.exec() == QMessageBox::Yes)
        setAnonymized(false);
}

void MainWindow::buildMenus()
{
    QMenu* file = menuBar()->addMenu(tr("&File"));
    QAction* open = file->addAction(tr("&Open…"), this, &MainWindow::openFileDialog);
    open->setShortcut(QKeySequence::Open);
    QAction* openFolder = file->addAction(tr("Open &Folder…"), this, &MainWindow::openFolderDialog);
    openFolder->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_O));
    m_recentMenu = file->addMenu(tr("Open &Recent"));
    file->addSeparator();
    file->addAction(tr("&Dataset statistics"), this, &MainWindow::showDatasetTab)
        ->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_D));
    file->addAction(tr("&Evaluate a model on labelled images"), this,
                    [this] { showEvaluationTab(); });
    file->addAction(tr("Download ChestX-ray14 &images…"), this, [this] {
        auto* dialog = new DownloadDialog(this);
        dialog->setAttribute(Qt::WA_DeleteOnClose);
        dialog->show();
    });
    file->addAction(tr("Query &PACS…"), this, [this] {
        auto* dialog = new PacsQueryDialog(pacsCacheDir(), this);
        dialog->setAttribute(Qt::WA_DeleteOnClose);
        connect(dialog, &PacsQueryDialog::studyRetrieved, this,
                [this](const QString& folder) { openPath(folder); });
        // A node saved there is offered by the stored-results panel's Query PACS.
        connect(dialog, &QDialog::finished, m_storedResults, &StoredResultsPanel::reloadPacsNodes);
        dialog->show();
    });
    file->addSeparator();
    // The exports follow "Anonymize": anonymized, they carry no name, ID, date or path.
    file->addAction(tr("Export &Report (PDF)…"), this, &MainWindow::exportReport)
        ->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_E));
    file->addAction(tr("Export &Image (PNG)…"), this, &MainWindow::exportPng);
    file->addAction(tr("Export &Scores (CSV)…"), this, &MainWindow::exportCsv);
    file->addSeparator();
    QAction* quit = file->addAction(tr("&Quit"), this, &QWidget::close);
    quit->setShortcut(QKeySequence::Quit);

    QMenu* view = menuBar()->addMenu(tr("&View"));
    QAction* zin = view->addAction(tr("Zoom &In"), m_view, &ImageView::zoomIn);
    zin->setShortcuts({QKeySequence(Qt::Key_Plus), QKeySequence(Qt::Key_Equal)});
    QAction* zout = view->addAction(tr("Zoom &Out"), m_view, &ImageView::zoomOut);
    zout->setShortcut(QKeySequence(Qt::Key_Minus));
    QAction* actual = view->addAction(tr("&Actual Size (1:1)"), m_view, &ImageView::zoomActualSize);
    actual->setShortcut(QKeySequence(Qt::Key_1));
    QAction* fit = view->addAction(tr("&Fit to Window"), m_view, &ImageView::zoomFit);
    fit->setShortcut(QKeySequence(Qt::Key_F));
    view->addSeparator();
    view->addAction(m_invertAction);
    QAction* flip = view->addAction(tr("Flip &Horizontally"), m_view, &ImageView::flipHorizontal);
    flip->setShortcut(QKeySequence(Qt::Key_X));
    QAction* rotate = view->addAction(tr("&Rotate 90°"), m_view, &ImageView::rotateClockwise);
    rotate->setShortcut(QKeySequence(Qt::Key_R));
    QAction* lens = view->addAction(tr("&Magnifier"));
    lens->setCheckable(true);
    lens->setShortcut(QKeySequence(Qt::Key_M));
    lens->setToolTip(tr("A round lens over the cursor, 3× the view's zoom"));
    connect(lens, &QAction::toggled, m_view, &ImageView::setMagnifier);
    QAction* reset = view->addAction(tr("Rese&t View"), m_view, &ImageView::resetView);
    reset->setShortcut(QKeySequence(Qt::Key_Space));
    m_presetMenu = view->addMenu(tr("&Window Presets"));
    view->addSeparator();
    view->addAction(m_anonymizeAction);
    view->addAction(m_focusImageAction);
    QAction* present = view->addAction(tr("&Presentation"), this, &MainWindow::togglePresentation);
    present->setShortcut(QKeySequence(Qt::Key_F11));
    present->setToolTip(tr("Full screen, dark, large type, anonymized; N/P step, A auto-advance, "
                           "Escape leaves"));
    view->addSeparator();
    view->addAction(m_studyDock->toggleViewAction());
    view->addAction(m_tagDock->toggleViewAction());

    QMenu* go = menuBar()->addMenu(tr("&Go"));
    QAction* next = go->addAction(tr("&Next Image"), m_study, &StudyList::next);
    next->setShortcuts({QKeySequence(Qt::Key_PageDown), QKeySequence(Qt::Key_N)});
    QAction* prev = go->addAction(tr("&Previous Image"), m_study, &StudyList::previous);
    prev->setShortcuts({QKeySequence(Qt::Key_PageUp), QKeySequence(Qt::Key_P)});

    QMenu* help = menuBar()->addMenu(tr("&Help"));
    help->addAction(tr("&Keyboard Shortcuts"), this,
                    [this] {
                        auto* dialog = new ShortcutsDialog(this, this);
                        dialog->setAttribute(Qt::WA_DeleteOnClose);
                        dialog->show();
                    })
        ->setShortcut(QKeySequence(Qt::Key_F1));
    help->addAction(tr("&About chexview"), this, [this] {
        QMessageBox::about(this, tr("About chexview"),
                           tr("<b>chexview</b> %1<br>Chest X-ray viewer.<br><b>Not for clinical "
                              "use.</b><br>Sample images: NIH ChestX-ray14 (NIH Clinical Center; "
                              "Wang et al., CVPR 2017) and RSNA Pneumonia Detection Challenge.")
                               .arg(QApplication::applicationVersion()));
    });

    QToolBar* bar = addToolBar(tr("Main"));
    bar->setObjectName(QStringLiteral("mainToolbar"));
    bar->addAction(open);
    bar->addAction(openFolder);
    bar->addSeparator();
    bar->addAction(prev);
    bar->addAction(next);
    bar->addSeparator();
    bar->addAction(fit);
    bar->addAction(actual);
    bar->addAction(m_invertAction);
    bar->addAction(reset);
    bar->addAction(m_anonymizeAction);
}

void MainWindow::rebuildRecentMenu()
{
    m_recentMenu->clear();
    QSettings s;
    // Anonymized, recent file names (which often name the patient) are not listed.
    const QStringList recent =
        m_anonymizeAction->isChecked() ? QStringList() : RecentFiles::load(s);
    for (const QString& path : recent)
        m_recentMenu->addAction(QFileInfo(path).fileName(), this, [this, path] { openPath(path); })
            ->setToolTip(path);
    m_recentMenu->setEnabled(!recent.isEmpty());
}

void MainWindow::rebuildPresetMenu()
{
    m_presetMenu->clear();
    const XrayImagePtr image = m_view->image();
    if (!image)
        return;
    auto add = [this](const VoiWindow& w, const QString& label) {
        m_presetMenu->addAction(label, m_view, [this, w] { m_view->setWindow(w); });
    };
    for (const VoiWindow& w : image->filePresets())
        add(w, tr("File: %1").arg(w.name()));
    add(image->minMaxWindow(), tr("Full range (min/max)"));
    m_presetMenu->addSeparator();
    int key = 0;
    for (const VoiWindow& w : VoiPresets::builtIn(*image)) {
        QAction* a = m_presetMenu->addAction(w.name(), m_view, [this, w] { m_view->setWindow(w); });
        a->setShortcut(QKeySequence(Qt::Key_F2 + key++));
    }
}

void MainWindow::showDatasetTab()
{
    m_tabs->setCurrentWidget(m_dataset);
}

void MainWindow::openFileDialog()
{
    const QString dir = QSettings().value(QStringLiteral("lastDir")).toString();
    const QString filter = tr("Chest X-rays (%1);;All files (*)")
                               .arg(ImageLoader::nameFilters().join(QLatin1Char(' ')));
    const QString path = QFileDialog::getOpenFileName(this, tr("Open image"), dir, filter);
    if (!path.isEmpty())
        openPath(path);
}

void MainWindow::openFolderDialog()
{
    const QString dir = QSettings().value(QStringLiteral("lastDir")).toString();
    const QString path = QFileDialog::getExistingDirectory(this, tr("Open folder"), dir);
    if (!path.isEmpty())
        openPath(path);
}

QString MainWindow::pacsCacheDir()
{
    return QStandardPaths::writableLocation(QStandardPaths::CacheLocation) +
           QStringLiteral("/pacs");
}

} // namespace chexview
