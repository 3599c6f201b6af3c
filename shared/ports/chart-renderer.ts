/** Port for turning a chart spec into an image an email can carry. */
import type { ChartSpec } from '../domain/charts/series-chart';

export interface ChartImage {
  readonly png: Uint8Array;
  /** Pixel size of the PNG (the spec's size times the renderer's pixel ratio). */
  readonly widthPx: number;
  readonly heightPx: number;
  /** The spec's own size in CSS pixels: the size to show the image at. */
  readonly width: number;
  readonly height: number;
}

export interface ChartRenderer {
  render(spec: ChartSpec): Promise<ChartImage>;
}
