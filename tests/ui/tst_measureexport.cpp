// The viewer's measurements leave it as a DICOM SR (issue 20): Measure ▸ Export Measurements as
// DICOM SR writes a TID 1500 report that reads back with the drawn coordinates and values,
// carries no patient data when anonymized, is refused for a PNG with a reason; storing on a PACS
// that does not answer says so; the shortcuts collide with no other action; Data_Entry calibrates
// an NIH film.
#include "TestData.h"
#include "chexview/pacs/PacsNode.h"
#include "chexview/results/ResultReader.h"
#include "chexview/ui/results/StoredResultsPanel.h"
#include "chexview/ui/viewer/ImageView.h"
#include "chexview/ui/viewer/MeasurementLayer.h"
#include "chexview/ui/window/MainWindow.h"

#include <QAction>
#include <QLabel>
#include <QListWidget>
#include <QSettings>
#include <QSignalSpy>
#include <QStatusBar>
#include <QTcpServer>
#include <QTemporaryDir>
#include <QTest>

#include <cmath>

using namespace chexview;
using namespace chexview::test;

namespace {

QAction* actionNamed(const MainWindow& w, const QString& text)
{
    for (QAction* a : w.findChildren<QAction*>())
        if (a->text() == text)
            return a;
    return nullptr;
}

void openAndWait(MainWindow& w, const QString& file)
{
    QSignalSpy shown(&w, &MainWindow::imageShown);
    w.openPath(sharedData(file));
    QTRY_COMPARE(shown.count(), 1);
    QTRY_VERIFY(w.imageView()->measurements()->image() == w.imageView()->image());
}

Measurement length(QPointF a, QPointF b)
{
    Measurement m;
    m.kind = Measurement::Kind::Length;
    m.points = {a, b};
    return m;
}

} // namespace

class TestMeasureExport : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase()
    {
        QCoreApplication::setOrganizationName(QStringLiteral("chexview-tests"));
        QCoreApplication::setApplicationName(QStringLiteral("tst_measureexport"));
        QSettings().clear();
        QSettings().setValue(QStringLiteral("analysis/onOpen"), false);
        qputenv("CHEXVIEW_MODEL", QByteArray("/nonexistent/chexview-model")); // no scores needed
    }

    void shortcutsAreTheirOwn()
    {
        MainWindow w;
        for (const char* text :
             {"E&xport Measurements as DICOM SR…", "&Store Measurements on PACS…"}) {
            QAction* mine = actionNamed(w, QString::fromUtf8(text));
            QVERIFY2(mine, text);
            QVERIFY(!mine->shortcut().isEmpty());
            for (QAction* a : w.findChildren<QAction*>())
                if (a != mine)
                    QVERIFY2(!a->shortcuts().contains(mine->shortcut()), qPrintable(a->text()));
        }
        QCOMPARE(actionNamed(w, QStringLiteral("E&xport Measurements as DICOM SR…"))->shortcut(),
                 QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_M));
    }

    void exportReadsBack_data()
    {
        QTest::addColumn<bool>("anonymized");
        QTest::newRow("identified") << false;
        QTest::newRow("anonymized") << true;
    }
    void exportReadsBack()
    {
        QFETCH(bool, anonymized);
        MainWindow w;
        w.setAnonymized(anonymized);
        openAndWait(w, QStringLiteral("dicom/rsna_cr_jpeg_baseline.dcm"));
        MeasurementLayer* layer = w.imageView()->measurements();
        layer->clear();
        layer->add(length({100, 200}, {400, 600}));
        QTemporaryDir dir;
        const QString path = dir.filePath("sr.dcm");
        QVERIFY(w.saveExport(MainWindow::ExportKind::MeasurementSr, path));
        QVERIFY2(w.statusBar()->currentMessage().startsWith(QLatin1String("Saved sr.dcm")),
                 qPrintable(w.statusBar()->currentMessage()));
        const StoredResult back = ResultReader::read(path);
        QCOMPARE(back.measurements.size(), 1);
        const StoredResult::Value& v = back.measurements[0].values[0];
        QCOMPARE(v.name, QStringLiteral("Length"));
        QVERIFY(std::abs(v.value - 500 * 0.168) < 1e-9);
        QCOMPARE(v.unit.value, QStringLiteral("mm"));
        QCOMPARE(v.scoords[0].points, (QList<QPointF>{{100, 200}, {400, 600}}));
        QCOMPARE(back.sourceSopInstanceUid,
                 QStringLiteral("1.2.276.0.7230010.3.1.4.8323329.6904.1517875201.850819"));
        const QByteArray bytes = readFile(path);
        QCOMPARE(bytes.contains("16d7f894-55d7-4d95-8957-d18987f0e981"), !anonymized);
    }

    void storedResultsListTheReport()
    {
        // Exported beside the film, the report shows in Stored AI results as measurements.
        QTemporaryDir dir;
        const QString film = dir.filePath("film.dcm");
        QVERIFY(QFile::copy(sharedData("dicom/rsna_cr_jpeg_baseline.dcm"), film));
        {
            MainWindow w;
            QSignalSpy shown(&w, &MainWindow::imageShown);
            w.openPath(film);
            QTRY_COMPARE(shown.count(), 1);
            QTRY_VERIFY(w.imageView()->measurements()->image() == w.imageView()->image());
            w.imageView()->measurements()->clear();
            w.imageView()->measurements()->add(length({100, 200}, {400, 600}));
            QVERIFY(w.exportMeasurementSrTo(dir.filePath("measurements.dcm")));
        }
        StoredResultsPanel panel;
        QSignalSpy scanned(&panel, &StoredResultsPanel::scanFinished);
        panel.setImage(film, 1024, 1024);
        QTRY_COMPARE(scanned.count(), 1);
        QCOMPARE(panel.resultList()->count(), 1);
        QCOMPARE(panel.resultList()->item(0)->text(),
                 QStringLiteral("Measurements (TID 1500 report): 1 measurement"));
        panel.resultList()->setCurrentRow(0);
        QVERIFY2(panel.detailsLabel()->text().startsWith("Length 1: Length 84 mm"),
                 qPrintable(panel.detailsLabel()->text()));
    }

    void pngIsRefusedWithAReason()
    {
        MainWindow w;
        openAndWait(w, QStringLiteral("other/00000001_000.png"));
        w.imageView()->measurements()->add(length({0, 0}, {30, 40}));
        QTemporaryDir dir;
        QString error;
        QVERIFY(!w.exportMeasurementSrTo(dir.filePath("png.dcm"), &error));
        QVERIFY2(error.contains("references a DICOM image"), qPrintable(error));
        QVERIFY(!QFile::exists(dir.filePath("png.dcm")));
        QVERIFY(!w.saveExport(MainWindow::ExportKind::MeasurementSr, dir.filePath("png.dcm")));
        QVERIFY(w.statusBar()->currentMessage().contains("references a DICOM image"));
    }

    void dataEntryCalibratesNihFilms()
    {
        // Measure ▸ Calibrate NIH Films from Data_Entry…, with the real Data_Entry (no split
        // lists beside it): the open NIH film is recalibrated to 0.4175 × 0.3420 mm and PA.
        MainWindow w;
        openAndWait(w, QStringLiteral("nih/images-1024/00000100_000.png"));
        QVERIFY(!w.imageView()->measurements()->calibration().calibrated());
        QSignalSpy loaded(&w, &MainWindow::dataEntryLoaded);
        w.loadDataEntry(sharedData(QStringLiteral("nih/meta/Data_Entry_2017_v2020.csv.gz")));
        QTRY_COMPARE_WITH_TIMEOUT(loaded.count(), 1, 30000);
        QCOMPARE(loaded.first().at(0).toInt(), 112120);
        const PixelCalibration& cal = w.imageView()->measurements()->calibration();
        QVERIFY2(std::abs(cal.colMm - 0.171 * 2500 / 1024) < 1e-9,
                 qPrintable(QString::number(cal.colMm)));
        QVERIFY2(std::abs(cal.rowMm - 0.171 * 2048 / 1024) < 1e-9,
                 qPrintable(QString::number(cal.rowMm)));
        QCOMPARE(cal.lengthUnit(), QStringLiteral("mm (Data_Entry)"));
        // A file that is not a Data_Entry leaves the calibration as it was, and says why.
        w.loadDataEntry(sharedData(QStringLiteral("nih/images-256/labels.csv")));
        QTRY_VERIFY(
            w.statusBar()->currentMessage().startsWith(QLatin1String("Cannot read labels.csv")));
        QCOMPARE(loaded.count(), 1);
        QCOMPARE(w.imageView()->measurements()->calibration().lengthUnit(),
                 QStringLiteral("mm (Data_Entry)"));
        QSettings().remove(QStringLiteral("measure/dataEntry"));
    }

    void storeWithoutANodeSaysWhereToAddOne()
    {
        MainWindow w;
        openAndWait(w, QStringLiteral("dicom/rsna_cr_jpeg_baseline.dcm"));
        QSettings().remove(QStringLiteral("pacs/nodes"));
        actionNamed(w, QStringLiteral("&Store Measurements on PACS…"))->trigger();
        QCOMPARE(w.statusBar()->currentMessage(),
                 QStringLiteral("No PACS node saved: save one in File ▸ Query PACS… first"));
    }

    void storeOnADeadNodeSaysSo()
    {
        MainWindow w;
        openAndWait(w, QStringLiteral("dicom/rsna_cr_jpeg_baseline.dcm"));
        w.imageView()->measurements()->add(length({10, 10}, {20, 20}));
        int port = 0;
        {
            QTcpServer probe; // a port nobody listens on once it is closed again
            probe.listen(QHostAddress::LocalHost);
            port = probe.serverPort();
        }
        PacsNode node;
        node.name = QStringLiteral("nobody");
        node.setDimse(QStringLiteral("NOBODY@127.0.0.1:%1").arg(port));
        QSignalSpy stored(&w, &MainWindow::measurementsStored);
        w.storeMeasurementSrOn(node);
        QTRY_COMPARE_WITH_TIMEOUT(stored.count(), 1, 30000);
        QCOMPARE(stored.first().at(0).toBool(), false);
        const QString message = stored.first().at(1).toString();
        QVERIFY2(message.startsWith(QLatin1String("Measurements not stored on nobody: ")),
                 qPrintable(message));
        QCOMPARE(w.statusBar()->currentMessage(), message);
    }
};

QTEST_MAIN(TestMeasureExport)
#include "tst_measureexport.moc"
