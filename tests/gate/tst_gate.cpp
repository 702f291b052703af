// The input gate (issue 24): geometry, DICOM header and content rules on hand-made and real
// images, the thumbnail, the learned OOD score against the Python network's own numbers, and the
// verdict's JSON contract.
#include "TestData.h"
#include "chexview/gate/ContentRule.h"
#include "chexview/gate/DicomHeaderRule.h"
#include "chexview/gate/GateThumbnail.h"
#include "chexview/gate/GeometryRule.h"
#include "chexview/gate/InputGate.h"
#include "chexview/gate/OodScorer.h"
#include "chexview/image/ImageLoader.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTest>

#include <cmath>

using namespace chexview;
using Verdict = GateVerdict::Verdict;

Q_DECLARE_METATYPE(chexview::GateVerdict::Verdict)

namespace {

XrayImage flat(int w, int h, ImageMetadata meta = {}, int32_t value = 100)
{
    StoredImage st;
    st.width = w;
    st.height = h;
    st.values.assign(size_t(w) * size_t(h), value);
    return XrayImage(std::move(st), ModalityLut(), XrayImage::Polarity::Monochrome2,
                     std::move(meta));
}

enum class Transform
{
    None,
    Rotate90,
    UpsideDown,
    Invert
};

// A real NIH film, transformed the way a user might get it wrong.
XrayImage film(const QString& name, Transform t)
{
    const XrayImagePtr src =
        ImageLoader::load(test::sharedData(QStringLiteral("nih/images-256/") + name));
    const StoredImage& in = src->stored();
    StoredImage st = in;
    for (int y = 0; y < in.height; ++y)
        for (int x = 0; x < in.width; ++x) {
            int32_t& v = st.values[size_t(y) * size_t(in.width) + size_t(x)];
            switch (t) {
            case Transform::None:
                break;
            case Transform::Rotate90: // square films: (x, y) <- (y, w - 1 - x)
                v = in.at(in.width - 1 - y, x);
                break;
            case Transform::UpsideDown:
                v = in.at(in.width - 1 - x, in.height - 1 - y);
                break;
            case Transform::Invert:
                v = 255 - in.at(x, y);
                break;
            }
        }
    return XrayImage(std::move(st), ModalityLut(), XrayImage::Polarity::Monochrome2,
                     src->metadata());
}

} // namespace

class TestGate : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void geometry_data()
    {
        QTest::addColumn<int>("width");
        QTest::addColumn<int>("height");
        QTest::addColumn<int>("sourceWidth");
        QTest::addColumn<int>("sourceHeight");
        QTest::addColumn<Verdict>("verdict");
        QTest::addColumn<QString>("text");
        QTest::newRow("1x65000 refused")
            << 1 << 65000 << 0 << 0 << Verdict::Refuse << "not analyzable: 1×65000 px";
        QTest::newRow("2x60000 refused")
            << 2 << 60000 << 0 << 0 << Verdict::Refuse << "not analyzable: 2×60000 px";
        QTest::newRow("1x1 refused") << 1 << 1 << 0 << 0 << Verdict::Refuse
                                     << "not analyzable: 1×1 px (shorter side under 64 px)";
        QTest::newRow("63x200 refused, shorter side")
            << 63 << 200 << 0 << 0 << Verdict::Refuse << "shorter side under 64 px";
        QTest::newRow("64x256 ok") << 64 << 256 << 0 << 0 << Verdict::Ok << "";
        QTest::newRow("256x1024 ok, aspect exactly 4")
            << 256 << 1024 << 0 << 0 << Verdict::Ok << "";
        QTest::newRow("256x1025 refused, aspect over 4")
            << 256 << 1025 << 0 << 0 << Verdict::Refuse << "one side more than 4× the other";
        QTest::newRow("stored 64x64 of a 256x16384 source refused at source size")
            << 64 << 64 << 256 << 16384 << Verdict::Refuse << "not analyzable: 256×16384 px";
    }
    void geometry()
    {
        QFETCH(int, width);
        QFETCH(int, height);
        QFETCH(int, sourceWidth);
        QFETCH(int, sourceHeight);
        QFETCH(Verdict, verdict);
        QFETCH(QString, text);
        ImageMetadata meta;
        meta.sourceWidth = sourceWidth;
        meta.sourceHeight = sourceHeight;
        GateVerdict v;
        GeometryRule::apply(flat(width, height, meta), v);
        QCOMPARE(v.verdict, verdict);
        if (text.isEmpty())
            QVERIFY(v.reasons.isEmpty());
        else
            QVERIFY2(v.reasons.join(QLatin1Char('|')).contains(text),
                     qPrintable(v.reasons.join(QLatin1Char('|'))));
    }

    void dicomHeader_data()
    {
        QTest::addColumn<QString>("format");
        QTest::addColumn<QString>("modality");
        QTest::addColumn<QString>("bodyPart");
        QTest::addColumn<QString>("view");
        QTest::addColumn<Verdict>("verdict");
        QTest::addColumn<QString>("text");
        const QString d = QStringLiteral("DICOM");
        QTest::newRow("CR PA chest ok") << d << "CR"
                                        << "CHEST"
                                        << "PA" << Verdict::Ok << "";
        QTest::newRow("DX without view ok") << d << "DX"
                                            << ""
                                            << "" << Verdict::Ok << "";
        QTest::newRow("no modality ok") << d << ""
                                        << ""
                                        << "" << Verdict::Ok << "";
        for (const char* m : {"CT", "MR", "US", "MG", "IO", "PX", "NM", "XA"})
            QTest::newRow(qPrintable(QStringLiteral("%1 refused").arg(QLatin1String(m))))
                << d << m << ""
                << "" << Verdict::Refuse
                << QStringLiteral("not a chest radiograph (Modality %1)").arg(QLatin1String(m));
        QTest::newRow("body part HAND refused")
            << d << "CR"
            << "HAND"
            << "" << Verdict::Refuse << "body part is not chest (BodyPartExamined HAND)";
        QTest::newRow("body part THORAX ok") << d << "DX"
                                             << "THORAX"
                                             << "" << Verdict::Ok << "";
        QTest::newRow("body part 'chest ' lower case ok") << d << "CR"
                                                          << "chest "
                                                          << "" << Verdict::Ok << "";
        for (const char* view : {"LL", "RL", "LATERAL", "LAT", "RLD"})
            QTest::newRow(qPrintable(QStringLiteral("view %1 refused").arg(QLatin1String(view))))
                << d << "CR"
                << "CHEST" << view << Verdict::Refuse
                << QStringLiteral("lateral view (ViewPosition %1)").arg(QLatin1String(view));
        QTest::newRow("AP ok with a note") << d << "DX"
                                           << "CHEST"
                                           << "AP" << Verdict::Ok << "AP view (ViewPosition AP)";
        QTest::newRow("oblique view warns")
            << d << "CR"
            << "CHEST"
            << "LAO" << Verdict::Warn << "unusual view (ViewPosition LAO)";
        QTest::newRow("CT lateral: both reasons")
            << d << "CT"
            << ""
            << "LL" << Verdict::Refuse << "lateral view (ViewPosition LL)";
        QTest::newRow("PNG: no header to judge") << "PNG"
                                                 << "CT"
                                                 << ""
                                                 << "LL" << Verdict::Ok << "";
    }
    void dicomHeader()
    {
        QFETCH(QString, format);
        QFETCH(QString, modality);
        QFETCH(QString, bodyPart);
        QFETCH(QString, view);
        QFETCH(Verdict, verdict);
        QFETCH(QString, text);
        ImageMetadata meta;
        meta.format = format;
        meta.modality = modality;
        meta.bodyPart = bodyPart;
        meta.viewPosition = view;
        GateVerdict v;
        DicomHeaderRule::apply(flat(256, 256, meta), v);
        QCOMPARE(v.verdict, verdict);
        const QString all = (v.reasons + v.notes).join(QLatin1Char('|'));
        if (text.isEmpty())
            QVERIFY2(all.isEmpty(), qPrintable(all));
        else
            QVERIFY2(all.contains(text), qPrintable(all));
        if (verdict == Verdict::Ok && !text.isEmpty())
            QCOMPARE(v.notes.size(), qsizetype(1)); // a note, not a reason
    }

    void realDicomHeaders_data()
    {
        QTest::addColumn<QString>("path");
        QTest::addColumn<Verdict>("verdict");
        QTest::addColumn<QString>("text");
        const QString pydicom =
            QStringLiteral("/usr/lib/python3/dist-packages/pydicom/data/test_files/");
        QTest::newRow("pydicom CT_small refused")
            << pydicom + "CT_small.dcm" << Verdict::Refuse << "(Modality CT)";
        QTest::newRow("pydicom MR_small refused")
            << pydicom + "MR_small.dcm" << Verdict::Refuse << "(Modality MR)";
        QTest::newRow("RSNA chest CR ok")
            << test::sharedData("dicom/rsna_cr_jpeg_baseline.dcm") << Verdict::Ok << "";
    }
    void realDicomHeaders()
    {
        QFETCH(QString, path);
        QFETCH(Verdict, verdict);
        QFETCH(QString, text);
        GateVerdict v;
        DicomHeaderRule::apply(*ImageLoader::load(path), v);
        QCOMPARE(v.verdict, verdict);
        QVERIFY2(v.reasons.join(QLatin1Char('|')).contains(text),
                 qPrintable(v.reasons.join(QLatin1Char('|'))));
    }

    void content_data()
    {
        QTest::addColumn<QString>("name");
        QTest::addColumn<int>("transform");
        QTest::addColumn<QString>("text");
        // Held-out films (not in the OOD network's training split, data_list.json).
        for (const char* f : {"00000404_000.png", "00000820_000.png", "00001368_000.png"}) {
            const QString n = QString::fromLatin1(f);
            QTest::newRow(qPrintable(n + QStringLiteral(" as it is ok")))
                << n << int(Transform::None) << "";
            // Rotated and inverted films are both flagged; which of the two the rule names is
            // right for about 95 % of films (core/gate/training/README.md).
            QTest::newRow(qPrintable(n + QStringLiteral(" rotated by 90 warns")))
                << n << int(Transform::Rotate90) << "looks ";
            QTest::newRow(qPrintable(n + QStringLiteral(" upside down warns")))
                << n << int(Transform::UpsideDown) << "looks upside down";
            QTest::newRow(qPrintable(n + QStringLiteral(" inverted warns")))
                << n << int(Transform::Invert) << "looks ";
        }
    }
    void content()
    {
        QFETCH(QString, name);
        QFETCH(int, transform);
        QFETCH(QString, text);
        const XrayImage image = film(name, Transform(transform));
        GateVerdict v;
        ContentRule::apply(image, GateThumbnail::of(image), v);
        const QString all = v.reasons.join(QLatin1Char('|'));
        if (text.isEmpty()) {
            QCOMPARE(v.verdict, Verdict::Ok);
        } else {
            QCOMPARE(v.verdict, Verdict::Warn);
            QVERIFY2(all.contains(text), qPrintable(all));
        }
    }

    void nearConstantAndColour_data()
    {
        QTest::addColumn<int>("spreadValue");
        QTest::addColumn<double>("chroma");
        QTest::addColumn<QString>("text");
        QTest::newRow("all zeros warns near-constant") << 0 << -1.0 << "near-constant image";
        QTest::newRow("ramp of 3 levels in 8 bits warns near-constant")
            << 3 << -1.0 << "near-constant image (contrast 1.2 % of full scale)";
        QTest::newRow("colour photograph warns") << 200 << 0.2 << "colour photograph";
        QTest::newRow("gray film saved as RGB passes the chroma test") << 200 << 0.0 << "";
    }
    void nearConstantAndColour()
    {
        QFETCH(int, spreadValue);
        QFETCH(double, chroma);
        QFETCH(QString, text);
        ImageMetadata meta;
        if (chroma >= 0)
            meta.chroma = chroma;
        StoredImage st;
        st.width = st.height = 128;
        st.values.resize(128 * 128);
        for (int y = 0; y < 128; ++y)
            for (int x = 0; x < 128; ++x) // a bright vertical band: a "film" layout
                st.values[size_t(y) * 128 + size_t(x)] =
                    std::abs(x - 64) < 8 ? spreadValue : (y > 100 ? spreadValue / 2 : 0);
        const XrayImage image(std::move(st), ModalityLut(), XrayImage::Polarity::Monochrome2, meta);
        GateVerdict v;
        ContentRule::apply(image, GateThumbnail::of(image), v);
        const QString all = v.reasons.join(QLatin1Char('|'));
        if (text.isEmpty())
            QVERIFY2(!all.contains(QStringLiteral("colour")), qPrintable(all));
        else
            QVERIFY2(all.contains(text), qPrintable(all));
    }

    void thumbnailOfARamp()
    {
        // 128 columns 0..127: each cell averages two columns, 2i + 0.5, in 64 rows; the 1st and
        // 99th percentiles of the 4096 cell means (sorted indices 41 and 4054) are cells 0 and
        // 63 (0.5 and 126.5).
        StoredImage st;
        st.width = 128;
        st.height = 64;
        for (int y = 0; y < 64; ++y)
            for (int x = 0; x < 128; ++x)
                st.values.push_back(x);
        const XrayImage image(std::move(st), ModalityLut(), XrayImage::Polarity::Monochrome2, {});
        const GateThumbnail t = GateThumbnail::of(image);
        QCOMPARE(t.pixels.size(), size_t(64 * 64));
        QCOMPARE(t.at(0, 0), 0.0f);
        QCOMPARE(t.at(63, 0), 1.0f);
        QVERIFY(std::abs(t.at(32, 10) - float((64.5 - 0.5) / 126.0)) < 1e-6f);
        QVERIFY(std::abs(t.spread - 126.0 / 255.0) < 1e-9);
    }

    void monochrome1IsJudgedAsShown()
    {
        StoredImage st;
        st.width = st.height = 64;
        for (int i = 0; i < 64 * 64; ++i)
            st.values.push_back(i % 64);
        const XrayImage m1(st, ModalityLut(), XrayImage::Polarity::Monochrome1, {});
        const XrayImage m2(st, ModalityLut(), XrayImage::Polarity::Monochrome2, {});
        const GateThumbnail a = GateThumbnail::of(m1), b = GateThumbnail::of(m2);
        for (int x = 0; x < 64; ++x)
            QVERIFY(std::abs(a.at(x, 5) - (1.0f - b.at(x, 5))) < 1e-6f);
    }

    // The C++ network gives the Python network's scores (data_list.json, written by
    // train_ood.py) on real held-out films and their transforms.
    void oodScoreEqualsPython_data()
    {
        QTest::addColumn<QString>("name");
        QTest::addColumn<int>("transform");
        QTest::addColumn<double>("python");
        QFile f(QStringLiteral(CHEXVIEW_GATE_TRAINING "/data_list.json"));
        QVERIFY(f.open(QIODevice::ReadOnly));
        const QJsonArray list = QJsonDocument::fromJson(f.readAll()).array();
        const QStringList films{QStringLiteral("00000404_000.png"),
                                QStringLiteral("00000820_000.png")};
        for (const QJsonValue& v : list) {
            const QJsonObject o = v.toObject();
            const QString n = o.value(QStringLiteral("name")).toString();
            for (const QString& film : films) {
                const QString base = QStringLiteral("nih/images-256/") + film;
                int t = -1;
                if (n == base)
                    t = int(Transform::None);
                else if (n == base + QStringLiteral(" inverted"))
                    t = int(Transform::Invert);
                else if (n == base + QStringLiteral(" upside down"))
                    t = int(Transform::UpsideDown);
                if (t >= 0) {
                    QCOMPARE(o.value(QStringLiteral("split")).toString(), QStringLiteral("test"));
                    QTest::newRow(qPrintable(n))
                        << film << t << o.value(QStringLiteral("ood_score")).toDouble();
                }
            }
        }
    }
    void oodScoreEqualsPython()
    {
        QFETCH(QString, name);
        QFETCH(int, transform);
        QFETCH(double, python);
        QVERIFY(OodScorer::embedded().isValid());
        const XrayImage image = film(name, Transform(transform));
        const double s = OodScorer::embedded().score(GateThumbnail::of(image));
        QVERIFY2(std::abs(s - python) < 2e-3,
                 qPrintable(QStringLiteral("C++ %1, Python %2").arg(s).arg(python)));
    }

    void brokenWeightsAreRejected_data()
    {
        QTest::addColumn<QByteArray>("bytes");
        QTest::newRow("empty") << QByteArray();
        QTest::newRow("wrong magic") << QByteArray(8 + 4 * 20000, 'x');
        QByteArray nan("CXOOD1\0\0", 8);
        const float q = std::nanf("");
        for (int i = 0; i < 19985; ++i) // the network's parameter count
            nan.append(reinterpret_cast<const char*>(&q), 4);
        QTest::newRow("NaN weights") << nan;
    }
    void brokenWeightsAreRejected()
    {
        QFETCH(QByteArray, bytes);
        QVERIFY(!OodScorer::fromBytes(bytes).has_value());
    }

    void verdictJson()
    {
        const XrayImage image = flat(1, 65000);
        const GateVerdict v = InputGate::check(image);
        const QJsonObject o = v.toJson();
        QCOMPARE(o.value(QStringLiteral("verdict")).toString(), QStringLiteral("refuse"));
        QVERIFY(o.value(QStringLiteral("reasons"))
                    .toArray()
                    .first()
                    .toString()
                    .startsWith(QStringLiteral("not analyzable: 1×65000 px")));
        QVERIFY(o.contains(QStringLiteral("ood_score")));
        QVERIFY(v.summary().startsWith(QStringLiteral("refuse: not analyzable")));
    }
};

QTEST_GUILESS_MAIN(TestGate)
#include "tst_gate.moc"
