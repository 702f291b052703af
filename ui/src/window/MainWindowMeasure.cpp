// The Measure menu of MainWindow and the measurements kept per image (split from
// MainWindow.cpp to keep files small).
#include "chexview/error/Error.h"
#include "chexview/measure/MeasurementStore.h"
#include "chexview/ui/document/ViewerDocument.h"
#include "chexview/ui/viewer/ImageView.h"
#include "chexview/ui/viewer/MeasurementLayer.h"
#include "chexview/ui/window/MainWindow.h"
#include "chexview/ui/window/ViewerStatusBar.h"
#include "chexview/workflow/MeasurementContext.h"

#include <QActionGroup>
#include <QFileDialog>
#include <QFileInfo>
#include <QFutureWatcher>
#include <QLabel>
#include <QMenuBar>
#include <QSettings>
#include <QStandardPaths>
#include <QStatusBar>
#include <QUndoStack>
#include <QtConcurrent/QtConcurrentRun>

namespace chexview {

void MainWindow::buildMeasureMenu()
{
    QMenu* menu = new QMenu(tr("&Measure"), this);
    menuBar()->insertMenu(menuBar()->actions().last(), menu); // before Help
    auto* tools = new QActionGroup(this);
    struct Tool
    {
        QString text;
        MeasurementTool::Mode mode;
        QKeySequence key;
        QString tip;
    };
    const QList<Tool> list = {
        {tr("&Pan and Window (no tool)"), MeasurementTool::Mode::None, QKeySequence(Qt::Key_V),
         tr("Left drag pans, right drag windows; measurement handles can still be dragged")},
        {tr("&Length"), MeasurementTool::Mode::Length, QKeySequence(Qt::Key_L),
         tr("Drag a line; the unit says how it is calibrated (mm, mm at detector, px)")},
        {tr("An&gle"), MeasurementTool::Mode::Angle, QKeySequence(Qt::Key_A),
         tr("Click an arm end, the vertex, the other arm end")},
        {tr("&Ellipse ROI"), MeasurementTool::Mode::Ellipse, QKeySequence(Qt::Key_E),
         tr("Drag the bounding box: area, mean, SD, min, max of the modality values")},
        {tr("&Rectangle ROI"), MeasurementTool::Mode::Rectangle, QKeySequence(Qt::Key_B),
         tr("Drag a box: area, mean, SD, min, max of the modality values")},
        {tr("&Cardiothoracic Ratio"), MeasurementTool::Mode::CardiothoracicRatio,
         QKeySequence(Qt::Key_C),
         tr("Drag the maximal cardiac width, then the maximal internal thoracic width (both "
            "horizontal); > 0.50 is flagged on PA films, AP films get a warning")},
    };
    for (const Tool& t : list) {
        QAction* a = menu->addAction(t.text);
        a->setCheckable(true);
        a->setShortcut(t.key);
        a->setToolTip(t.tip);
        a->setChecked(t.mode == MeasurementTool::Mode::None);
        tools->addAction(a);
        const MeasurementTool::Mode mode = t.mode;
        connect(a, &QAction::triggered, this, [this, mode] {
            m_tabs->setCurrentWidget(m_view);
            m_view->setMeasureMode(mode);
            m_view->setFocus();
        });
    }
    menu->addSeparator();
    QUndoStack* undo = m_view->measurements()->undoStack();
    QAction* undoAction = undo->createUndoAction(this, tr("&Undo"));
    undoAction->setShortcut(QKeySequence::Undo);
    menu->addAction(undoAction);
    QAction* redoAction = undo->createRedoAction(this, tr("&Redo"));
    redoAction->setShortcut(QKeySequence::Redo);
    menu->addAction(redoAction);
    QAction* del = menu->addAction(tr("&Delete Selected Measurement"), this, [this] {
        m_view->measurements()->remove(m_view->measurements()->selected());
    });
    del->setShortcut(QKeySequence(Qt::Key_Delete));
    menu->addAction(tr("Delete &All Measurements"), this,
                    [this] { m_view->measurements()->clear(); });
    buildMeasurementSrActions(menu);
    menu->addSeparator();
    menu->addAction(tr("Calibrate NIH Films from &Data_Entry…"), this,
                    [this] {
                        const QString csv = QFileDialog::getOpenFileName(
                            this, tr("ChestX-ray14 Data_Entry"),
                            QSettings().value(QStringLiteral("measure/dataEntry")).toString(),
                            tr("Data_Entry (*.csv *.csv.gz);;All files (*)"));
                        if (!csv.isEmpty())
                            loadDataEntry(csv);
                    })
        ->setToolTip(tr("NIH's PNGs carry no pixel spacing: Data_Entry's "
                        "OriginalImagePixelSpacing, scaled from the original size to the stored "
                        "one, calibrates their lengths"));
    // The Data_Entry chosen before comes back at start-up (read off the GUI thread).
    const QString known = QSettings().value(QStringLiteral("measure/dataEntry")).toString();
    if (!known.isEmpty() && QFileInfo::exists(known))
        loadDataEntry(known);

    connect(m_view->measurements(), &MeasurementLayer::changed, this, [this] {
        MeasurementLayer* layer = m_view->measurements();
        if (!m_measureKey.isEmpty() && layer->image() && layer->image() == m_view->image())
            MeasurementStore(measurementFolder()).save(m_measureKey, layer->measurements());
        // The calibration and, for the selected measurement, its notes (AP film, conflicts).
        const PixelCalibration& cal = layer->calibration();
        QStringList notes = cal.notes;
        if (const int sel = layer->selected(); sel >= 0)
            for (const QString& n : layer->values().value(sel).notes)
                if (!notes.contains(n))
                    notes << n;
        m_status->setCalibration((cal.calibrated() ? cal.lengthUnit() : tr("uncalibrated: px")) +
                                     (notes.isEmpty() ? QString() : QStringLiteral(" ⚠")),
                                 (QStringList{cal.description()} + notes).join(QLatin1Char('\n')));
    });
}

QString MainWindow::measurementFolder()
{
    return QStandardPaths::writableLocation(QStandardPaths::AppDataLocation) +
           QStringLiteral("/measurements");
}

namespace {
struct LoadedDataEntry
{
    DataEntryIndex index;
    QString error; ///< why it could not be read
};
} // namespace

void MainWindow::loadDataEntry(const QString& csv)
{
    auto* watcher = new QFutureWatcher<LoadedDataEntry>(this);
    connect(watcher, &QFutureWatcher<LoadedDataEntry>::finished, this, [this, watcher, csv] {
        watcher->deleteLater();
        const LoadedDataEntry loaded = watcher->result();
        if (loaded.index.isEmpty()) {
            statusBar()->showMessage(tr("Cannot read %1 as a Data_Entry file: %2")
                                         .arg(QFileInfo(csv).fileName(), loaded.error),
                                     8000);
            return;
        }
        m_dataEntry = loaded.index;
        QSettings().setValue(QStringLiteral("measure/dataEntry"), csv);
        if (m_view->image()) // recalibrate what is on screen
            loadMeasurements(m_doc->file(), m_view->image());
        Q_EMIT dataEntryLoaded(m_dataEntry.size());
    });
    watcher->setFuture(QtConcurrent::run([csv]() -> LoadedDataEntry {
        try {
            return {DataEntryIndex::read(csv), {}};
        } catch (const Error& e) {
            return {{}, e.message()};
        } catch (const std::exception& e) {
            return {{}, QString::fromLocal8Bit(e.what())};
        }
    }));
}

void MainWindow::loadMeasurements(const QString& path, const XrayImagePtr& image)
{
    const ImageMetadata& meta = image->metadata();
    const MeasurementContext context =
        MeasurementContext::forImage(meta, path, {image->width(), image->height()},
                                     m_dataEntry.isEmpty() ? nullptr : &m_dataEntry);
    m_measureKey = MeasurementStore::imageKey(meta, path);
    m_view->measurements()->setImage(image, context.calibration, context.view,
                                     MeasurementStore(measurementFolder()).load(m_measureKey));
}

} // namespace chexview
