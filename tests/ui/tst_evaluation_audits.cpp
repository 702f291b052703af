// The Evaluation tab's research views on the real CheXNet predictions: Calibration (the table
// shows the report's ECE and Brier, the reliability diagram has one point per non-empty bin,
// PNG and SVG exports are real files), Subgroups (Data_Entry's sex, age and view: the forest
// plot's rows are the audit's groups with their AUROCs) and Expert (Google's relabels: Fracture
// not computable, the error browser shows NIH beside the radiologists).
#include "TestData.h"
#include "chexview/ui/evaluation/CalibrationView.h"
#include "chexview/ui/evaluation/ErrorBrowser.h"
#include "chexview/ui/evaluation/EvaluationPanel.h"
#include "chexview/ui/evaluation/ExpertView.h"
#include "chexview/ui/evaluation/ForestPlot.h"
#include "chexview/ui/evaluation/ReliabilityDiagram.h"
#include "chexview/ui/evaluation/SubgroupView.h"

#include <QApplication>
#include <QFile>
#include <QImage>
#include <QLineEdit>
#include <QListWidget>
#include <QSettings>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTableWidget>
#include <QTemporaryDir>
#include <QTest>

#include <cmath>

using namespace chexview;
using namespace chexview::test;

class TestEvaluationAudits : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase()
    {
        QCoreApplication::setOrganizationName(QStringLiteral("chexview-tests"));
        QCoreApplication::setApplicationName(QStringLiteral("tst_evaluation_audits"));
        QSettings().clear();
        QStandardPaths::setTestModeEnabled(true);
        m_panel = new EvaluationPanel;
        m_panel->resize(1280, 720);
        m_panel->setInputs(
            sharedData(QStringLiteral("nih/images-256/labels.csv")),
            sharedData(QStringLiteral("predictions/reproduce-chexnet_preds_images-256.csv")),
            sharedData(QStringLiteral("nih/images-256")));
        QSignalSpy done(m_panel, &EvaluationPanel::evaluated);
        m_panel->run();
        QTRY_COMPARE_WITH_TIMEOUT(done.count(), 1, 60000);
    }
    void cleanupTestCase() { delete m_panel; }

    void calibrationViewShowsTheReport()
    {
        CalibrationView* v = m_panel->calibrationView();
        const EvaluationReport& r = m_panel->report();
        QCOMPARE(v->table()->rowCount(), 14);
        for (int k = 0; k < 14; ++k)
            QCOMPARE(v->table()->item(k, 1)->text(),
                     QString::number(r.findings[size_t(k)].calibration.ece, 'f', 4));
        m_panel->selectFinding(1); // Cardiomegaly
        int nonEmpty = 0;
        for (const ReliabilityBin& b : r.findings[1].calibration.bins)
            nonEmpty += b.count > 0;
        QVERIFY(nonEmpty > 2);
        QCOMPARE(v->diagram()->pointCount(), nonEmpty);
        QVERIFY(v->diagram()->title().startsWith(QStringLiteral("Cardiomegaly — ECE ")));
        // Selecting a row of the calibration table selects the finding in the panel.
        v->table()->setCurrentCell(7, 0);
        QCOMPARE(m_panel->selectedFinding(), 7);
    }

    void chartsExportAsPngAndSvg()
    {
        QTemporaryDir dir;
        ReliabilityDiagram* d = m_panel->calibrationView()->diagram();
        QString error;
        QVERIFY2(d->save(dir.filePath(QStringLiteral("r.png")), &error), qPrintable(error));
        const QImage png(dir.filePath(QStringLiteral("r.png")));
        QCOMPARE(png.size(), QSize(1800, 1200));
        // The curve is drawn: some pixels are the curve's blue.
        int blue = 0;
        for (int y = 0; y < png.height(); y += 3)
            for (int x = 0; x < png.width(); x += 3)
                blue += png.pixelColor(x, y) == QColor(30, 90, 200);
        QVERIFY(blue > 20);
        QVERIFY(d->save(dir.filePath(QStringLiteral("r.svg")), &error));
        QFile svg(dir.filePath(QStringLiteral("r.svg")));
        QVERIFY(svg.open(QIODevice::ReadOnly));
        const QByteArray text = svg.readAll();
        QVERIFY(text.contains("<svg") && text.contains("fraction positive"));
        QVERIFY(!d->save(dir.filePath(QStringLiteral("r.bmp")), &error));
        QVERIFY(error.contains(QStringLiteral("bmp")));
    }

    void subgroupsFromDataEntry()
    {
        SubgroupView* v = m_panel->subgroupView();
        v->demographicsEdit()->setText(
            sharedData(QStringLiteral("nih/meta/Data_Entry_2017_v2020.csv.gz")));
        QSignalSpy done(v, &SubgroupView::computed);
        v->compute();
        QTRY_COMPARE_WITH_TIMEOUT(done.count(), 1, 60000);
        const SubgroupReport& r = v->report();
        QVERIFY2(r.groups.size() >= 2 + 3 + 2, qPrintable(v->statusText())); // F/M, ages, AP/PA
        QCOMPARE(r.groups[0].attribute, QStringLiteral("sex"));
        QCOMPARE(r.groups[0].group, QStringLiteral("F"));
        int images = 0;
        for (const SubgroupResult& g : r.groups)
            if (g.attribute == QLatin1String("sex"))
                images += g.images;
        QCOMPARE(images, 496);
        m_panel->selectFinding(1);
        const std::vector<ForestPlot::Row>& rows = v->forestPlot()->rows();
        QCOMPARE(rows.size(), r.groups.size());
        QCOMPARE(rows[0].label, QStringLiteral("sex = F"));
        QCOMPARE(rows[0].estimate, r.groups[0].findings[1].auroc);
        QCOMPARE(v->table()->rowCount(), int(r.groups.size()));
        QVERIFY(v->table()->item(0, 8)->text().contains(QStringLiteral("vs M")) ||
                v->table()->item(0, 8)->text() == QStringLiteral("reference"));
    }

    void subgroupsFromAMissingColumnSayWhy()
    {
        SubgroupView* v = m_panel->subgroupView();
        v->demographicsEdit()->setText(sharedData(QStringLiteral("nih/images-256/labels.csv")));
        v->attributesEdit()->setText(QStringLiteral("sex"));
        QSignalSpy done(v, &SubgroupView::computed);
        v->compute();
        QTRY_COMPARE_WITH_TIMEOUT(done.count(), 1, 60000);
        QVERIFY2(v->statusText().contains(QStringLiteral("Patient Gender")),
                 qPrintable(v->statusText()));
        v->attributesEdit()->setText(QStringLiteral("sex,age,view"));
    }

    void expertLabelsBesideNih()
    {
        ExpertView* v = m_panel->expertView();
        v->fileEdit()->setText(
            sharedData(QStringLiteral("nih/meta/google2019_nih-chest-xray-labels.csv.gz")));
        QVERIFY2(v->compute(), qPrintable(v->statusText()));
        QCOMPARE(v->table()->rowCount(), 4);
        QCOMPARE(v->table()->item(0, 0)->text(), QStringLiteral("Fracture"));
        QVERIFY(v->table()->item(0, 4)->text().startsWith(QStringLiteral("n/a")));
        QCOMPARE(v->table()->item(3, 1)->text(), QStringLiteral("max(Nodule, Mass)"));
        QCOMPARE(v->report().images, 9); // of the 496, the images Google relabelled
        // The error browser of a covered finding shows both labels for relabelled images.
        ErrorBrowser* e = m_panel->errorBrowser();
        bool seen = false;
        for (int k : {3, 4, 5, 6, 7, 8}) {
            e->setErrors(&m_panel->evaluationSet(), k,
                         m_panel->report().findings[size_t(k)].threshold,
                         sharedData(QStringLiteral("nih/images-256")));
            for (bool fp : {false, true}) {
                e->showFalsePositives(fp);
                for (int i = 0; i < e->list()->count(); ++i)
                    seen = seen ||
                           e->list()->item(i)->text().contains(QStringLiteral(" · radiologists: "));
            }
        }
        QVERIFY(seen);
        v->fileEdit()->setText(QStringLiteral("/nonexistent/labels.csv.gz"));
        QVERIFY(!v->compute());
        QVERIFY(v->statusText().startsWith(QStringLiteral("Error: ")));
    }

    void reportPdfHasTwoPages()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("report.pdf"));
        QString error;
        QVERIFY2(m_panel->writeReportPdf(path, &error), qPrintable(error));
        QFile f(path);
        QVERIFY(f.open(QIODevice::ReadOnly));
        const QByteArray pdf = f.readAll();
        QVERIFY(pdf.startsWith("%PDF"));
        QCOMPARE(pdf.count("/Type /Page\n") + pdf.count("/Type /Page\r") +
                     pdf.count("/Type /Page "),
                 qsizetype(2));
        QVERIFY(!m_panel->writeReportPdf(QStringLiteral("/nonexistent/dir/r.pdf"), &error));
    }

private:
    EvaluationPanel* m_panel = nullptr;
};

QTEST_MAIN(TestEvaluationAudits)
#include "tst_evaluation_audits.moc"
