// The exports of MainWindow: PNG, PDF report, CSV, from the document's image, result and
// heatmap. Each dialog opens in the folder of the last export (kept in the settings), and a
// finished export says where it went.
#include "chexview/report/AnnotatedImage.h"
#include "chexview/report/ReportBuilder.h"
#include "chexview/report/ReportWriter.h"
#include "chexview/report/ScoresCsv.h"
#include "chexview/ui/document/ViewerDocument.h"
#include "chexview/ui/viewer/ImageView.h"
#include "chexview/ui/viewer/MeasurementLayer.h"
#include "chexview/ui/window/MainWindow.h"

#include <QAction>
#include <QDir>
#include <QFile>
#include <QFileDialog>
#include <QFileInfo>
#include <QSettings>
#include <QStandardPaths>
#include <QStatusBar>

namespace chexview {

namespace {

const QString kExportDir = QStringLiteral("export/lastDir");

} // namespace

QString MainWindow::exportFolder() const
{
    const QString saved = QSettings().value(kExportDir).toString();
    if (!saved.isEmpty() && QFileInfo(saved).isDir())
        return saved;
    const QString docs = QStandardPaths::writableLocation(QStandardPaths::DocumentsLocation);
    return QFileInfo(docs).isDir() ? docs : QDir::homePath();
}

QString MainWindow::askExportPath(const QString& title, const QString& name, const QString& filter)
{
    return QFileDialog::getSaveFileName(this, title, QDir(exportFolder()).filePath(name), filter);
}

bool MainWindow::saveExport(ExportKind kind, const QString& path)
{
    QString error;
    bool ok = false;
    switch (kind) {
    case ExportKind::Png:
        ok = exportPngTo(path);
        break;
    case ExportKind::Report:
        ok = exportReportTo(path, &error);
        break;
    case ExportKind::Csv:
        ok = exportCsvTo(path);
        break;
    case ExportKind::MeasurementSr:
        ok = exportMeasurementSrTo(path, &error);
        break;
    }
    const QFileInfo fi(path);
    if (!ok) {
        statusBar()->showMessage(error.isEmpty()
                                     ? tr("Cannot write %1").arg(fi.fileName())
                                     : tr("Cannot write %1: %2").arg(fi.fileName(), error),
                                 8000);
        return false;
    }
    QSettings().setValue(kExportDir, fi.absolutePath());
    // The name the user chose, and the folder: both are theirs, not the patient's.
    statusBar()->showMessage(tr("Saved %1 in %2").arg(fi.fileName(), fi.absolutePath()), 8000);
    return true;
}

void MainWindow::exportPng()
{
    if (!m_view->image())
        return;
    const QString base = isAnonymized() ? QStringLiteral("chexview_image")
                                        : QFileInfo(m_doc->file()).completeBaseName();
    const QString path = askExportPath(tr("Export image"), base + QStringLiteral("_annotated.png"),
                                       tr("PNG (*.png)"));
    if (!path.isEmpty())
        saveExport(ExportKind::Png, path);
}

void MainWindow::exportReport()
{
    if (!m_view->image())
        return;
    const QString base =
        isAnonymized() ? QStringLiteral("chexview_report")
                       : QFileInfo(m_doc->file()).completeBaseName() + QStringLiteral("_report");
    const QString path =
        askExportPath(tr("Export report"), base + QStringLiteral(".pdf"), tr("PDF (*.pdf)"));
    if (!path.isEmpty())
        saveExport(ExportKind::Report, path);
}

void MainWindow::exportCsv()
{
    if (!m_doc->hasResult())
        return;
    const QString base =
        isAnonymized() ? QStringLiteral("chexview") : QFileInfo(m_doc->file()).completeBaseName();
    const QString path =
        askExportPath(tr("Export scores"), base + QStringLiteral("_scores.csv"), tr("CSV (*.csv)"));
    if (!path.isEmpty())
        saveExport(ExportKind::Csv, path);
}

ReportBuilder::Inputs MainWindow::exportInputs() const
{
    ReportBuilder::Inputs in;
    in.image = m_doc->image();
    in.file = m_doc->file();
    in.display = m_view->displayImage();
    in.result = m_doc->result();
    in.finding = m_doc->shownFinding();
    in.colormap = m_doc->heatmapSettings().colormap;
    in.opacity = m_doc->heatmapSettings().opacity;
    in.anonymize = m_anonymizeAction->isChecked();
    in.measurements = m_view->measurements()->measurements();
    in.calibration = m_view->measurements()->calibration();
    in.provenance = m_doc->provenance(); // of the engine that computed the result
    in.gate = m_doc->gateVerdict();
    return in;
}

bool MainWindow::exportPngTo(const QString& path)
{
    if (!m_view->image())
        return false;
    return AnnotatedImage::render(ReportBuilder::annotatedImage(exportInputs())).save(path, "PNG");
}

bool MainWindow::exportReportTo(const QString& path, QString* error)
{
    if (!m_view->image()) {
        if (error)
            *error = tr("no image open");
        return false;
    }
    return ReportWriter::writePdf(ReportBuilder::report(exportInputs()), path, error);
}

bool MainWindow::exportCsvTo(const QString& path) const
{
    QFile f(path);
    if (!m_doc->hasResult() || !f.open(QIODevice::WriteOnly | QIODevice::Text))
        return false;
    return f.write(ScoresCsv::format(m_doc->result(), m_anonymizeAction->isChecked()).toUtf8()) >=
           0;
}

} // namespace chexview
