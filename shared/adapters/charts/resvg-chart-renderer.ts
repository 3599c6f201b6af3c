/**
 * ChartRenderer without a browser: Vega-Lite → Vega → SVG (renderer 'none', no canvas) → PNG
 * with resvg compiled to WebAssembly, so the same code runs on x64 and in an arm64 Lambda.
 */
import { initWasm, Resvg } from '@resvg/resvg-wasm';
import { loader, parse, View } from 'vega';
import { compile } from 'vega-lite';
import { type ChartSpec, chartFontFamily } from '../../domain/charts/series-chart';
import type { ChartImage, ChartRenderer } from '../../ports/chart-renderer';
import type { ChartAssets } from './chart-assets';

export interface ResvgChartRendererOptions {
  /**
   * Device pixels per CSS pixel: 2 keeps charts sharp on high-density screens.
   * @default 2
   */
  readonly pixelRatio?: number;
}

// resvg-wasm keeps one WebAssembly instance per process and throws if initialised twice.
let wasmReady: Promise<void> | undefined;

function ensureWasm(wasm: Uint8Array): Promise<void> {
  wasmReady ??= initWasm(wasm).catch((error: unknown) => {
    wasmReady = undefined;
    throw error;
  });
  return wasmReady;
}

/**
 * A Vega loader that refuses every URL (charts carry their data inline, nothing is fetched) and
 * remembers what it refused: Vega only logs a failed load, so the caller checks the list.
 */
function inlineDataOnly() {
  const refused: string[] = [];
  const refusing = loader();
  refusing.sanitize = async (uri: string) => {
    refused.push(uri);
    throw new Error(`refused ${uri}`);
  };
  return { loader: refusing, refused };
}

export class ResvgChartRenderer implements ChartRenderer {
  private readonly pixelRatio: number;
  private assets: Promise<ChartAssets> | undefined;

  /**
   * @param assets the WebAssembly module and fonts, or a loader called on the first render (so a
   * function that may not draw a chart does not read 3 MB of files at cold start)
   */
  constructor(
    private readonly source: ChartAssets | (() => Promise<ChartAssets>),
    options: ResvgChartRendererOptions = {},
  ) {
    this.pixelRatio = options.pixelRatio ?? 2;
  }

  private loadAssets(): Promise<ChartAssets> {
    const source = this.source;
    this.assets ??= (typeof source === 'function' ? source() : Promise.resolve(source)).catch(
      (error: unknown) => {
        this.assets = undefined;
        throw error;
      },
    );
    return this.assets;
  }

  async render(spec: ChartSpec): Promise<ChartImage> {
    const assets = await this.loadAssets();
    await ensureWasm(assets.wasm);
    const guard = inlineDataOnly();
    const view = new View(parse(compile(spec).spec), { renderer: 'none', loader: guard.loader });
    let svg: string;
    try {
      svg = await view.toSVG();
    } finally {
      view.finalize();
    }
    if (guard.refused.length > 0)
      throw new Error(`Chart specs may not load external data (${guard.refused.join(', ')})`);
    const { width, height } = svgSize(svg);
    const resvg = new Resvg(svg, {
      fitTo: { mode: 'width', value: Math.round(width * this.pixelRatio) },
      background: 'white',
      font: {
        fontBuffers: assets.fonts.map((f) => new Uint8Array(f)),
        defaultFontFamily: chartFontFamily,
        sansSerifFamily: chartFontFamily,
        loadSystemFonts: false,
      },
    });
    try {
      const image = resvg.render();
      try {
        return {
          png: image.asPng(),
          widthPx: image.width,
          heightPx: image.height,
          width,
          height,
        };
      } finally {
        image.free();
      }
    } finally {
      resvg.free();
    }
  }
}

function svgSize(svg: string): { width: number; height: number } {
  const match = /<svg[^>]*\swidth="([\d.]+)"[^>]*\sheight="([\d.]+)"/.exec(svg);
  if (!match) throw new Error('Vega produced an SVG without a size');
  return { width: Number(match[1]), height: Number(match[2]) };
}
