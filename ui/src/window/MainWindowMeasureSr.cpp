// The viewer's measurements leave it as a DICOM SR (split from MainWindowMeasure.cpp): export to
// a file, or store on a saved PACS node through PacsSession (STOW-RS or C-STORE), off the GUI
// thread. Both follow "Anonymize" and need a DICOM image (the SR references it).
#include "chexview/pacs/CredentialStore.h"
#include "chexview/pacs/PacsError.h"
#include "chexview/results/MeasurementSrWriter.h"
#include "chexview/results/SourceStudy.h"
#include "chexview/ui/document/ViewerDocument.h"
#include "chexview/ui/viewer/ImageView.h"
#include "chexview/ui/viewer/MeasurementLayer.h"
#include "chexview/ui/window/MainWindow.h"
#include "chexview/workflow/PacsSession.h"

#include <QFileInfo>
#include <QFutureWatcher>
#include <QInputDialog>
#include <QMenu>
#include <QSettings>
#include <QStatusBar>
#include <QTemporaryDir>
#include <QtConcurrent/QtConcurrentRun>

#include <memory>

namespace chexview {

void MainWindow::buildMeasurementSrActions(QMenu* menu)
{
    menu->addSeparator();
    QAction* exportSr = menu->addAction(tr("E&xport Measurements as DICOM SR…"), this,
                                        &MainWindow::exportMeasurementSr);
    exportSr->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_M));
    exportSr->setToolTip(tr("A TID 1500 measurement report with the coordinates, values, units "
                            "and calibration, in the image's study (DICOM images only)"));
    QAction* store =
        menu->addAction(tr("&Store Measurements on PACS…"), this, &MainWindow::storeMeasurementSr);
    store->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_U));
    store->setToolTip(tr("The same report sent to a saved PACS node (STOW-RS or C-STORE)"));
}

bool MainWindow::exportMeasurementSrTo(const QString& path, QString* error)
{
    MeasurementLayer* layer = m_view->measurements();
    auto fail = [error](const QString& why) {
        if (error)
            *error = why;
        return false;
    };
    if (!layer->image() || layer->image() != m_view->image() || layer->measurements().isEmpty())
        return fail(tr("no measurement on this image"));
    SourceStudy source;
    try {
        source = SourceStudy::read(m_doc->file());
    } catch (const std::exception&) {
        return fail(
            tr("a DICOM SR references a DICOM image; %1 is not one")
                .arg(isAnonymized() ? tr("this image") : QFileInfo(m_doc->file()).fileName()));
    }
    if (isAnonymized())
        source.anonymize();
    try {
        MeasurementSrWriter::write(layer->measurements(), layer->values(), layer->calibration(),
                                   source, path);
    } catch (const std::exception& e) {
        return fail(QString::fromStdString(e.what()));
    }
    return true;
}

void MainWindow::exportMeasurementSr()
{
    if (!m_view->image())
        return;
    const QString base =
        isAnonymized() ? QStringLiteral("chexview") : QFileInfo(m_doc->file()).completeBaseName();
    const QString path = askExportPath(tr("Export measurements as DICOM SR"),
                                       base + QStringLiteral("_measurements_sr.dcm"),
                                       tr("DICOM (*.dcm);;All files (*)"));
    if (!path.isEmpty())
        saveExport(ExportKind::MeasurementSr, path);
}

void MainWindow::storeMeasurementSr()
{
    QSettings settings;
    const QList<PacsNode> nodes = PacsNode::loadAll(settings);
    if (nodes.isEmpty()) {
        statusBar()->showMessage(tr("No PACS node saved: save one in File ▸ Query PACS… first"),
                                 8000);
        return;
    }
    QStringList names;
    for (const PacsNode& n : nodes)
        names << n.name;
    int index = 0;
    if (nodes.size() > 1) {
        bool ok = false;
        const QString chosen = QInputDialog::getItem(this, tr("Store measurements"),
                                                     tr("PACS node:"), names, 0, false, &ok);
        if (!ok)
            return;
        index = int(names.indexOf(chosen));
    }
    PacsNode node = nodes.value(index);
    if (node.auth == PacsNode::Auth::None) {
        storeMeasurementSrOn(node);
        return;
    }
    // The keyring answers through the event loop: the window stays responsive meanwhile.
    statusBar()->showMessage(tr("Reading the credentials of %1 from the keyring…").arg(node.name));
    CredentialStore().lookupAsync(node.name, node.user, this,
                                  [this, node](const CredentialStore::Answer& a) mutable {
                                      node.secret = a.secret.value_or(QString());
                                      storeMeasurementSrOn(node);
                                  });
}

void MainWindow::storeMeasurementSrOn(const PacsNode& node)
{
    auto dir = std::make_shared<QTemporaryDir>();
    const QString path = dir->filePath(QStringLiteral("measurements_sr.dcm"));
    QString error;
    if (!dir->isValid() || !exportMeasurementSrTo(path, &error)) {
        const QString message = tr("Measurements not stored: %1").arg(error);
        statusBar()->showMessage(message, 8000);
        Q_EMIT measurementsStored(false, message);
        return;
    }
    statusBar()->showMessage(tr("Storing the measurements on %1…").arg(node.name));
    auto* watcher = new QFutureWatcher<QString>(this);
    connect(watcher, &QFutureWatcher<QString>::finished, this, [this, watcher, node] {
        watcher->deleteLater();
        const QString failure = watcher->result();
        const QString message =
            failure.isEmpty() ? tr("Measurements stored on %1").arg(node.name)
                              : tr("Measurements not stored on %1: %2").arg(node.name, failure);
        statusBar()->showMessage(message, 8000);
        Q_EMIT measurementsStored(failure.isEmpty(), message);
    });
    watcher->setFuture(QtConcurrent::run([node, path, dir]() -> QString {
        try {
            PacsSession::Options o = PacsSession::defaultOptions(node);
            o.retrieval = PacsSession::Retrieval::Get; // storing: the node's protocol
            PacsSession(node, o).store({path});
            return {};
        } catch (const PacsError& e) {
            return e.describe();
        } catch (const std::exception& e) {
            return QString::fromStdString(e.what());
        }
    }));
}

} // namespace chexview
