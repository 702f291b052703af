// Anonymization everywhere: a real film carrying identifying data in every place PS3.15's basic
// profile looks (fixture identified.dcm, renamed after the patient) is opened with "Anonymize"
// on; every widget's text and tooltip, every menu, the window title, the painted overlay's text
// and every exported file (PNG bytes, CSV, PDF text via pdftotext) are scanned for the values.
// With anonymize off the same scans find them, so the scans can fail.
#include "TestData.h"
#include "chexview/image/ImageLoader.h"
#include "chexview/privacy/Anonymizer.h"
#include "chexview/ui/viewer/ImageView.h"
#include "chexview/ui/viewer/StudyList.h"
#include "chexview/ui/viewer/TagPanel.h"
#include "chexview/ui/window/MainWindow.h"

#include <QAbstractButton>
#include <QAbstractItemView>
#include <QAction>
#include <QDockWidget>
#include <QFile>
#include <QLabel>
#include <QLineEdit>
#include <QMenu>
#include <QProcess>
#include <QSettings>
#include <QSignalSpy>
#include <QStatusBar>
#include <QTemporaryDir>
#include <QTest>

using namespace chexview;
using namespace chexview::test;

namespace {

// What identified.dcm carries (make_fixtures.py), as it would be read off a screen or a file.
const QStringList kIdentifying = {
    QStringLiteral("Doe^Jane"),      QStringLiteral("Jane Marie"),    QStringLiteral("Jane Doe"),
    QStringLiteral("Doe_Jane"),      QStringLiteral("follow-up Doe"), QStringLiteral("PID-4711"),
    QStringLiteral("19610214"),      QStringLiteral("20190423"),      QStringLiteral("20190424"),
    QStringLiteral("Saint Example"), QStringLiteral("Elm Street"),    QStringLiteral("Smith^Rita"),
    QStringLiteral("Dr Smith"),      QStringLiteral("ACC99887766"),   QStringLiteral("ALT-5550123"),
    QStringLiteral("STUDY-31337"),   QStringLiteral("498.47110001"),  QStringLiteral("REQ-8080"),
    QStringLiteral("SPS-9090"),      QStringLiteral("101500"),
};
const QString kFileName = QStringLiteral("Doe_Jane_PID-4711-XQ.dcm");

QStringList leaks(const QString& text)
{
    QStringList found;
    for (const QString& v : kIdentifying)
        if (text.contains(v))
            found << v;
    return found;
}

void addModel(const QAbstractItemModel* model, const QModelIndex& parent, QStringList& out)
{
    for (int r = 0; r < model->rowCount(parent); ++r)
        for (int c = 0; c < model->columnCount(parent); ++c) {
            const QModelIndex i = model->index(r, c, parent);
            out << i.data(Qt::DisplayRole).toString() << i.data(Qt::ToolTipRole).toString();
            if (c == 0 && model->hasChildren(i))
                addModel(model, i, out);
        }
}

void addActions(const QList<QAction*>& actions, QStringList& out)
{
    for (QAction* a : actions) {
        out << a->text() << a->toolTip() << a->statusTip();
        if (a->menu())
            addActions(a->menu()->actions(), out);
    }
}

/// Every string the window can show: titles, labels, buttons, line edits, item views (all
/// rows, not only the visible ones), tooltips, menus, the status bar, the overlay's corners.
QString everythingOnScreen(MainWindow& w)
{
    QStringList out{w.windowTitle(), w.statusBar()->currentMessage(), w.statusMessage()};
    const auto widgets = w.findChildren<QWidget*>();
    for (QWidget* wd : widgets) {
        out << wd->windowTitle() << wd->toolTip() << wd->statusTip() << wd->accessibleName();
        if (auto* l = qobject_cast<QLabel*>(wd))
            out << l->text();
        if (auto* b = qobject_cast<QAbstractButton*>(wd))
            out << b->text();
        if (auto* e = qobject_cast<QLineEdit*>(wd))
            out << e->text() << e->placeholderText();
        if (auto* v = qobject_cast<QAbstractItemView*>(wd); v && v->model())
            addModel(v->model(), {}, out);
        addActions(wd->actions(), out);
    }
    addActions(w.actions(), out);
    const auto corners = w.imageView()->overlayCorners();
    out << corners.topLeft << corners.topRight << corners.bottomLeft << corners.bottomRight;
    return out.join(QLatin1Char('\n'));
}

QString pdfText(const QString& pdf)
{
    QProcess p;
    p.start(QStringLiteral("pdftotext"), {QStringLiteral("-layout"), pdf, QStringLiteral("-")});
    if (!p.waitForFinished(60000) || p.exitCode() != 0)
        return QStringLiteral("pdftotext failed: %1")
            .arg(QString::fromUtf8(p.readAllStandardError()));
    QProcess info;
    info.start(QStringLiteral("pdfinfo"), {pdf});
    info.waitForFinished(60000);
    return QString::fromUtf8(p.readAllStandardOutput() + info.readAllStandardOutput());
}

} // namespace

class TestPrivacy : public QObject
{
    Q_OBJECT
private:
    QTemporaryDir m_dir;
    QString m_file;

    /// Opens the renamed film (as a one-file folder study) and waits for its scores.
    void openAndAnalyze(MainWindow& w)
    {
        QSignalSpy shown(&w, &MainWindow::analysisShown);
        w.openPath(m_dir.filePath(QStringLiteral("study")));
        QTRY_COMPARE_WITH_TIMEOUT(shown.count(), 1, 120000);
        QVERIFY(w.imageView()->hasOverlay());
    }

private Q_SLOTS:
    void initTestCase()
    {
        QCoreApplication::setOrganizationName(QStringLiteral("chexview-tests"));
        QCoreApplication::setApplicationName(QStringLiteral("tst_privacy"));
        QSettings().clear();
        QVERIFY(m_dir.isValid());
        QDir(m_dir.path()).mkpath(QStringLiteral("study"));
        m_file = m_dir.filePath(QStringLiteral("study/") + kFileName);
        QVERIFY(QFile::copy(fixture(QStringLiteral("identified.dcm")), m_file));
    }

    void anonymizerMasksTheBasicProfile()
    {
        const XrayImagePtr img = ImageLoader::load(m_file);
        const ImageMetadata& raw = img->metadata();
        QString rawText;
        for (const DicomTagEntry& e : raw.tags)
            rawText += e.keyword + QLatin1Char('=') + e.value + QLatin1Char('\n');
        QStringList absent = kIdentifying; // all but the file name are in the file's tags
        for (const QString& v : leaks(rawText))
            absent.removeAll(v);
        QCOMPARE(absent, QStringList{QStringLiteral("Doe_Jane")});
        const ImageMetadata anon = Anonymizer::anonymize(raw);
        QString anonText;
        int masked = 0;
        for (const DicomTagEntry& e : anon.tags) {
            anonText += e.keyword + QLatin1Char('=') + e.value + QLatin1Char('\n');
            masked += e.value == Anonymizer::maskText();
        }
        QVERIFY2(leaks(anonText).isEmpty(), qPrintable(leaks(anonText).join(QLatin1Char('|'))));
        QVERIFY(anon.patientName.isEmpty() && anon.patientId.isEmpty() && anon.studyDate.isEmpty());
        QVERIFY(masked >= 20);
        // Retained: patient characteristics and what the pixels need.
        QVERIFY(anonText.contains(QStringLiteral("PatientSex=F")));
        QVERIFY(anonText.contains(QStringLiteral("PatientAge=058Y")));
        QVERIFY(anonText.contains(QStringLiteral("PixelSpacing=0.143\\0.143")));
        QVERIFY(anonText.contains(QStringLiteral("Modality=CR")));
        QVERIFY(anonText.contains(QStringLiteral("SOPClassUID=1.2.840.10008.5.1.4.1.1.1")));
        // The profile's own list, private tags, and what is not on it.
        QVERIFY(Anonymizer::isProfileTag(0x0010, 0x0010));
        QVERIFY(Anonymizer::isProfileTag(0x0008, 0x0080));
        QVERIFY(Anonymizer::isProfileTag(0x0009, 0x1001));
        QVERIFY(!Anonymizer::isProfileTag(0x0028, 0x0030));
        QVERIFY(!Anonymizer::isProfileTag(0x0010, 0x0040)); // sex: retained characteristic
    }

    void everyWidgetIsCleanWhenAnonymized()
    {
        QSettings().setValue(QStringLiteral("view/anonymize"), true);
        MainWindow w;
        w.resize(1280, 860);
        w.show();
        openAndAnalyze(w);
        QTemporaryDir out;
        QVERIFY(w.exportPngTo(out.filePath(QStringLiteral("a.png")))); // recent files, dialogs
        w.tagPanel()->setFilterText(QString());
        const QString screen = everythingOnScreen(w);
        QVERIFY2(leaks(screen).isEmpty(), qPrintable(leaks(screen).join(QLatin1Char('|'))));
        QVERIFY(screen.contains(QStringLiteral("Anonymized")));
        QVERIFY(screen.contains(Anonymizer::maskText()));
        QVERIFY(w.windowTitle().contains(QStringLiteral("Image 1 of 1")));
        QCOMPARE(w.studyList()->item(0)->text(), QStringLiteral("Image 1 of 1"));
        // Sex and age stay on the overlay; the tags panel still lists every attribute.
        QVERIFY(w.imageView()->overlayCorners().topLeft.contains(QStringLiteral("F / 058Y")));
        QVERIFY(w.tagPanel()->visibleRowCount() > 30);

        // Turning it off shows the identity again (so the scan above can fail)...
        QAction* anonymize = nullptr; // toggling rebuilds menus: find it first, then toggle
        for (QAction* a : w.findChildren<QAction*>())
            if (a->text() == QStringLiteral("&Anonymize on screen"))
                anonymize = a;
        QVERIFY(anonymize);
        w.setAnonymized(false); // the menu or key would ask first (tst_shortcuts)
        const QString shown = everythingOnScreen(w);
        QVERIFY(shown.contains(QStringLiteral("Doe^Jane Marie")));
        QVERIFY(shown.contains(QStringLiteral("PID-4711-XQ")));
        QVERIFY(shown.contains(kFileName));
        QVERIFY(shown.contains(QStringLiteral("Saint Example Hospital")));
        // ...and on again hides it at once, without reopening.
        anonymize->setChecked(true);
        QVERIFY(leaks(everythingOnScreen(w)).isEmpty());
    }

    void exportsAreCleanWhenAnonymized_data()
    {
        QTest::addColumn<bool>("anonymize");
        QTest::newRow("anonymized") << true;
        QTest::newRow("identified") << false;
    }

    void exportsAreCleanWhenAnonymized()
    {
        QFETCH(bool, anonymize);
        QSettings().setValue(QStringLiteral("view/anonymize"), anonymize);
        MainWindow w;
        w.resize(1280, 860);
        w.show();
        openAndAnalyze(w);
        QTemporaryDir out;
        const QString png = out.filePath(QStringLiteral("x.png")),
                      csv = out.filePath(QStringLiteral("x.csv")),
                      pdf = out.filePath(QStringLiteral("x.pdf"));
        QVERIFY(w.exportPngTo(png));
        QVERIFY(w.exportCsvTo(csv));
        QString error;
        QVERIFY2(w.exportReportTo(pdf, &error), qPrintable(error));
        const QImage image(png);
        QString pngText; // every text chunk, and the raw bytes for the longer values
        for (const QString& key : image.textKeys())
            pngText += key + QLatin1Char('=') + image.text(key) + QLatin1Char('\n');
        const QByteArray pngBytes = readFile(png);
        const QString csvText = QString::fromUtf8(readFile(csv));
        const QString report = pdfText(pdf);
        QVERIFY2(report.contains(QStringLiteral("NOT FOR CLINICAL USE")), qPrintable(report));
        QCOMPARE(image.width(), 1024); // full resolution, not a screen grab
        QCOMPARE(image.text(QStringLiteral("Anonymized")),
                 anonymize ? QStringLiteral("yes") : QStringLiteral("no"));
        if (anonymize) {
            QVERIFY2(leaks(pngText).isEmpty(), qPrintable(leaks(pngText).join(QLatin1Char('|'))));
            for (const QString& v : kIdentifying)
                if (v.size() >= 8)
                    QVERIFY2(!pngBytes.contains(v.toUtf8()), qPrintable(v));
            QVERIFY2(leaks(csvText).isEmpty(), qPrintable(leaks(csvText).join(QLatin1Char('|'))));
            QVERIFY2(leaks(report).isEmpty(), qPrintable(leaks(report).join(QLatin1Char('|'))));
            QVERIFY(report.contains(QStringLiteral("anonymized")));
            QVERIFY(csvText.contains(QStringLiteral("# file,(anonymized)")));
        } else { // the same scans see the identity when it was not asked to be hidden
            QVERIFY(report.contains(QStringLiteral("Doe^Jane Marie")));
            QVERIFY(report.contains(QStringLiteral("PID-4711-XQ")));
            QVERIFY(csvText.contains(kFileName));
        }
    }
};

QTEST_MAIN(TestPrivacy)
#include "tst_privacy.moc"
