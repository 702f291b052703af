#pragma once

#include <QHash>
#include <QList>
#include <QRectF>
#include <QString>

namespace chexview {

/// One expert bounding box from NIH's BBox_List_2017.csv, in the original 1024x1024 frame.
struct ExpertBox
{
    QString image;
    int finding = -1; ///< index into chestXray14Findings()
    QRectF rect;      ///< x, y, w, h in the 1024x1024 frame
    static constexpr double kFrame = 1024.0;
    /// The box in an image of the given size (NIH boxes are drawn on 1024x1024 originals).
    QRectF scaledTo(int width, int height) const
    {
        return {rect.x() * width / kFrame, rect.y() * height / kFrame,
                rect.width() * width / kFrame, rect.height() * height / kFrame};
    }
};

/// Reads `BBox_List_2017.csv[.gz]`: header `Image Index,Finding Label,Bbox [x,y,w,h],...` (9
/// header fields, rows of 6), "Infiltrate" meaning the labels' "Infiltration". Rows that do
/// not parse (wrong field count, unknown finding, negative or non-finite box) are listed in
/// `issues` and left out. Pure; any thread.
class ExpertBoxes
{
public:
    /// Throws std::runtime_error when the file cannot be read or is not a BBox list.
    static ExpertBoxes read(const QString& path);

    QList<ExpertBox> boxesFor(const QString& image) const { return m_byImage.value(image); }
    int imageCount() const { return int(m_byImage.size()); }
    int boxCount() const { return m_count; }
    QStringList issues() const { return m_issues; }

private:
    QHash<QString, QList<ExpertBox>> m_byImage;
    int m_count = 0;
    QStringList m_issues;
};

} // namespace chexview
