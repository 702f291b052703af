#include "chexview/study/StudyScanner.h"

#include "DicomStudyTags.h"
#include "chexview/dataset/LabelsCsvReader.h"
#include "chexview/image/ImageLoader.h"
#include "chexview/pacs/InstanceCache.h"
#include "chexview/study/NihFileName.h"
#include "chexview/study/StudyError.h"
#include "chexview/study/StudyIndex.h"

#include <QDirIterator>
#include <QFile>
#include <QFileInfo>
#include <QHash>
#include <QSet>

#include <algorithm>

namespace chexview {

namespace {

// The files a path stands for: itself, or every regular file under it (hidden entries and
// half-received `.part` files left out), by absolute path.
QStringList filesUnder(const QFileInfo& info)
{
    if (info.isFile())
        return {info.absoluteFilePath()};
    QStringList out;
    QDirIterator it(info.absoluteFilePath(), QDir::Files | QDir::NoDotAndDotDot,
                    QDirIterator::Subdirectories);
    while (it.hasNext()) {
        const QString p = it.next();
        if (p.endsWith(QLatin1String(".part")))
            continue;
        out << p;
    }
    std::sort(out.begin(), out.end());
    return out;
}

enum class ReadOutcome
{
    Instance,
    Ignored,
    Unusable
};

ReadOutcome readFile(const QString& path, StudyInstance& inst, QString& reason)
{
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly)) {
        reason = QStringLiteral("cannot be read");
        return ReadOutcome::Ignored;
    }
    const QByteArray head = f.read(132 + 4);
    f.close();
    switch (ImageLoader::detect(head)) {
    case ImageLoader::Format::Dicom:
        reason = DicomStudyTags::read(path, inst);
        return reason.isEmpty() ? ReadOutcome::Instance : ReadOutcome::Unusable;
    case ImageLoader::Format::Png: {
        QString patient;
        int followUp = -1;
        if (!NihFileName::parse(QFileInfo(path).fileName(), &patient, &followUp))
            return ReadOutcome::Ignored;
        const QString base = QFileInfo(path).completeBaseName();
        inst.kind = StudyInstance::Kind::NihPng;
        inst.patientId = patient;
        inst.followUp = followUp;
        inst.studyUid = base;
        inst.seriesUid = base;
        inst.sopInstanceUid = base;
        inst.studyDescription = QStringLiteral("NIH follow-up %1").arg(followUp);
        inst.modality = QStringLiteral("DX");
        return ReadOutcome::Instance;
    }
    default:
        return ReadOutcome::Ignored;
    }
}

} // namespace

StudyScanner::Result StudyScanner::scan(const QStringList& paths, const Options& options)
{
    Result r;
    QHash<QString, LabelRecord> labels;
    if (!options.labelsCsv.isEmpty()) {
        try {
            const LabeledDataset data = LabelsCsvReader::read(options.labelsCsv);
            for (const auto& split : data.splits)
                for (const LabelRecord& rec : split.records)
                    labels.insert(rec.image, rec);
        } catch (const std::exception& e) {
            r.warnings << QStringLiteral("%1: %2").arg(options.labelsCsv,
                                                       QString::fromUtf8(e.what()));
        }
    }
    QSet<QString> done;
    for (const QString& p : paths) {
        const QFileInfo info(p);
        if (!info.exists())
            throw StudyError(StudyError::Code::NotFound, QStringLiteral("%1: not found").arg(p));
        const QStringList files = filesUnder(info);
        QSet<QString> seen;
        if (options.index)
            options.index->beginBatch();
        for (const QString& file : files) {
            seen.insert(file);
            if (done.contains(file))
                continue;
            done.insert(file);
            ++r.filesSeen;
            const QFileInfo fi(file);
            const qint64 size = fi.size();
            const qint64 mtime = fi.lastModified().toMSecsSinceEpoch();
            if (options.index) {
                bool ignored = false;
                if (auto hit = options.index->lookup(file, size, mtime, &ignored)) {
                    ++r.fromIndex;
                    r.instances.push_back(*hit);
                    continue;
                }
                if (ignored) {
                    ++r.fromIndex;
                    ++r.ignored;
                    continue;
                }
            }
            StudyInstance inst;
            inst.path = file;
            inst.sizeBytes = size;
            inst.mtimeMs = mtime;
            QString reason;
            const ReadOutcome o = readFile(file, inst, reason);
            ++r.readFiles;
            if (o == ReadOutcome::Instance) {
                if (options.index)
                    options.index->put(inst);
                r.instances.push_back(inst);
            } else {
                if (o == ReadOutcome::Unusable)
                    r.skipped << QStringLiteral("%1: %2").arg(file, reason);
                else
                    ++r.ignored;
                // A DICOM file without usable UIDs is re-read next time (it may be fixed);
                // other files are remembered as not study images.
                if (options.index && o == ReadOutcome::Ignored)
                    options.index->putIgnored(file, size, mtime);
            }
        }
        if (options.index) {
            r.removedFromIndex += options.index->removeMissing(info.absoluteFilePath(), seen);
            options.index->commitBatch();
        }
    }
    // Labels are applied after the index: they come from the CSV of this run, not the files.
    for (StudyInstance& inst : r.instances) {
        if (inst.kind != StudyInstance::Kind::NihPng)
            continue;
        const auto it = labels.constFind(QFileInfo(inst.path).fileName());
        if (it == labels.constEnd())
            continue;
        if (!it->view.isEmpty())
            inst.viewPosition = it->view.toUpper();
        if (it->age >= 0)
            inst.patientAge = QString::number(it->age);
    }
    std::sort(r.instances.begin(), r.instances.end(),
              [](const StudyInstance& a, const StudyInstance& b) { return a.path < b.path; });
    return r;
}

StudyScanner::Result StudyScanner::scanCache(const InstanceCache& cache, const Options& options)
{
    return scan({cache.dir()}, options);
}

} // namespace chexview
