#pragma once

#include <QStringList>

namespace chexview {

/// The SOP classes of AI results, the one list: Comprehensive SR, Enhanced SR and Comprehensive
/// 3D SR (the classes a TID 1500 measurement report is written in), Parametric Map (heatmaps)
/// and Segmentation. What ResultReader takes for a result file, and what the stored-results
/// panel and `chexview-cli pacs results` ask a PACS for. ResultReader reads the reports and the
/// maps; a Segmentation is found and retrieved, not read (ResultError NotAResult says so).
/// Thread contract: stateless, reentrant.
class ResultSopClasses
{
public:
    /// The five SOP Class UIDs, reports first.
    static QStringList all();
    static bool isResult(const QString& sopClassUid);
    /// One of the three SR classes.
    static bool isReport(const QString& sopClassUid);
    static bool isParametricMap(const QString& sopClassUid);
    static bool isSegmentation(const QString& sopClassUid);
};

} // namespace chexview
