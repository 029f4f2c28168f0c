import DSOModel
import Foundation

extension Chart {
    /// The chart as a standalone SVG document, `width` pixels wide, panels one under the other.
    /// Every bar and point carries a `<title>` with its exact figure (a tooltip in browsers, read
    /// by screen readers); text is escaped; no script, no external resource.
    public func svg(width: Int = 760) -> String {
        let panelHeight = 300.0
        let height = 44 + Double(panels.count) * panelHeight + (panels.isEmpty ? 40 : 0)
        var out = """
            <svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 \(width) \(SVGText.number(height))" width="\(width)" \
            height="\(SVGText.number(height))" role="img" aria-labelledby="chart-title" \
            font-family="system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif" font-size="12">
            <title id="chart-title">\(SVGText.escape(title))</title>
            <rect width="100%" height="100%" fill="#ffffff"/>
            <text x="16" y="28" font-size="16" font-weight="600" fill="#0f172a">\(SVGText.escape(title))</text>

            """
        if panels.isEmpty {
            out += "<text x=\"16\" y=\"64\" fill=\"#64748b\">No figure for this selection.</text>\n"
        }
        for (index, panel) in panels.enumerated() {
            out += panel.svg(x: 0, y: 44 + Double(index) * panelHeight, width: Double(width), height: panelHeight)
        }
        return out + "</svg>\n"
    }
}

extension Chart.Panel {
    /// One panel: its title and legend, the value axis with gridlines, the bars or lines, and
    /// the category labels (every n-th when they would overlap).
    func svg(x: Double, y: Double, width: Double, height: Double) -> String {
        let left: Double = x + 76, right: Double = x + width - 16, top: Double = y + 44, bottom: Double = y + height - 44
        let scale = ChartScale(values: extremes)
        var out = "<g>\n<text x=\"\(SVGText.number(x + 16))\" y=\"\(SVGText.number(y + 18))\" font-size=\"13\" font-weight=\"600\" fill=\"#334155\">\(SVGText.escape(title))</text>\n"
        // Legend, right-aligned on the title's line (not for one series coloured per category).
        if categoryColors == nil || series.count > 1 {
            var legendX = right
            for item in series.reversed() {
                legendX -= 7 * Double(item.name.count) + 26
                out += "<rect x=\"\(SVGText.number(legendX))\" y=\"\(SVGText.number(y + 9))\" width=\"10\" height=\"10\" fill=\"\(item.color)\"/>"
                out += "<text x=\"\(SVGText.number(legendX + 14))\" y=\"\(SVGText.number(y + 18))\" fill=\"#334155\">\(SVGText.escape(item.name))</text>\n"
            }
        }
        for tick in scale.ticks {
            let ty = scale.y(tick, bottom: bottom, top: top)
            out += "<line x1=\"\(SVGText.number(left))\" x2=\"\(SVGText.number(right))\" y1=\"\(SVGText.number(ty))\" y2=\"\(SVGText.number(ty))\" stroke=\"\(tick == 0 ? "#94a3b8" : "#e2e8f0")\"/>"
            out += "<text x=\"\(SVGText.number(left - 8))\" y=\"\(SVGText.number(ty + 4))\" text-anchor=\"end\" fill=\"#64748b\">\(SVGText.escape(axisLabel(tick)))</text>\n"
        }
        let slot = categories.isEmpty ? 0 : (right - left) / Double(categories.count)
        let zero = scale.y(0, bottom: bottom, top: top)
        switch style {
        case .bars, .stackedBars:
            let stacked = style == .stackedBars
            let barWidth = max(1, slot * 0.7 / Double(stacked ? 1 : max(1, series.count)))
            for (i, category) in categories.enumerated() {
                var up = 0.0, down = 0.0
                for (s, item) in series.enumerated() {
                    guard let value = item.values[safe: i] ?? nil, value != 0 else { continue }
                    let bx = left + slot * Double(i) + slot * 0.15 + (stacked ? 0 : barWidth * Double(s))
                    let base = stacked ? (value > 0 ? up : down) : 0
                    let y1 = scale.y(base, bottom: bottom, top: top), y2 = scale.y(base + value, bottom: bottom, top: top)
                    if stacked { if value > 0 { up += value } else { down += value } }
                    let color = series.count == 1 ? categoryColors?[safe: i] ?? item.color : item.color
                    out += "<rect x=\"\(SVGText.number(bx))\" y=\"\(SVGText.number(min(y1, y2)))\" width=\"\(SVGText.number(barWidth))\" height=\"\(SVGText.number(max(0.5, abs(y2 - y1))))\" fill=\"\(color)\">"
                    out += "<title>\(SVGText.escape("\(category) · \(item.name): \(valueLabel(value))"))</title></rect>\n"
                }
            }
        case .lines:
            for item in series {
                var segment: [String] = []
                func flush() {
                    if segment.count > 1 {
                        out += "<polyline fill=\"none\" stroke=\"\(item.color)\" stroke-width=\"2\" points=\"\(segment.joined(separator: " "))\"/>\n"
                    }
                    segment = []
                }
                for (i, category) in categories.enumerated() {
                    guard let value = item.values[safe: i] ?? nil else { flush(); continue }
                    let px = left + slot * (Double(i) + 0.5), py = scale.y(value, bottom: bottom, top: top)
                    segment.append("\(SVGText.number(px)),\(SVGText.number(py))")
                    out += "<circle cx=\"\(SVGText.number(px))\" cy=\"\(SVGText.number(py))\" r=\"3\" fill=\"\(item.color)\">"
                    out += "<title>\(SVGText.escape("\(category) · \(item.name): \(valueLabel(value))"))</title></circle>\n"
                }
                flush()
            }
        }
        out += "<line x1=\"\(SVGText.number(left))\" x2=\"\(SVGText.number(right))\" y1=\"\(SVGText.number(zero))\" y2=\"\(SVGText.number(zero))\" stroke=\"#475569\"/>\n"
        // Category labels: as many as fit at about 7 px per character.
        let longest = Double(categories.map(\.count).max() ?? 1) * 7 + 8
        let every = slot <= 0 ? 1 : max(1, Int((longest / slot).rounded(.up)))
        for (i, category) in categories.enumerated() where i % every == 0 {
            out += "<text x=\"\(SVGText.number(left + slot * (Double(i) + 0.5)))\" y=\"\(SVGText.number(bottom + 18))\" text-anchor=\"middle\" fill=\"#475569\">\(SVGText.escape(category))</text>\n"
        }
        return out + "</g>\n"
    }

    /// The values the axis must cover: each stack's top and bottom for stacked bars, every value
    /// otherwise.
    var extremes: [Double] {
        guard style == .stackedBars else { return series.flatMap { $0.values.compactMap { $0 } } }
        var out: [Double] = []
        for i in categories.indices {
            var up = 0.0, down = 0.0
            for item in series {
                let value: Double = (item.values[safe: i] ?? nil) ?? 0
                if value > 0 { up += value } else { down += value }
            }
            out += [up, down]
        }
        return out
    }

    /// An axis tick: `12.5k EUR`, `40 %`, `35 d`, `12`.
    func axisLabel(_ value: Double) -> String {
        switch unit {
        case .money(let currency): ReportNumber.compact(Int64(value.rounded()), currency)
        case .percent: String(format: "%.0f %%", value)
        case .days: String(format: "%.0f d", value)
        case .count: String(format: "%.0f", value)
        }
    }

    /// A figure in a tooltip: exact amounts with their currency.
    func valueLabel(_ value: Double) -> String {
        switch unit {
        case .money(let currency): "\(Money(minor: Int64(value.rounded()), currency: currency).decimalString) \(currency.code)"
        case .percent: String(format: "%.1f %%", value)
        case .days: String(format: "%.1f days", value)
        case .count: String(format: "%.0f", value)
        }
    }
}

extension Array {
    subscript(safe index: Int) -> Element? { indices.contains(index) ? self[index] : nil }
}
