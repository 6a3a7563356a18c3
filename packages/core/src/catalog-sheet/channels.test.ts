import { describe, expect, it } from 'vitest';
import { CHANNELS } from '../catalog.js';
import { parseChannels } from './channels.js';

describe('parseChannels', () => {
  it.each<[string, string[], string[]?]>([
    // ticks: only ticked boxes count
    [
      '■政府网站 □政府公报 □两微一端 □发布会/听证会 □广播电视 □纸质媒体 ■公开查阅点 ■政务服务中心 □便民服务站 □入户/现场 □社区/企事业单位/村公示栏 (电子屏) □精准推送 □其他',
      ['website', 'reading-point', 'service-center'],
    ],
    ['■政府网站 ■两微一端 ■纸质媒体 ■公开查阅点 ■政务服务中心■便民服务站', ['website', 'new-media', 'print-media', 'reading-point', 'service-center', 'service-station']],
    ['☑政府网站☐政府公报☑精准推送', ['website', 'targeted-push']],
    ['√政府网站 √12345热线', ['website', 'hotline-12345']],
    // 口 typed for □, ▄ for ■; an unboxed 「国家档案馆」 inside an unticked entry does not count
    [
      '▄政府网站;口政府公报;口政务新媒体;口发布会/听证会;口广播电视,口纸质媒体:口提供政务服务的场所;口公开查阅点;口便民服务站;口入户/现场;口图书馆:口社区/企事业单位/村公示栏(电子屏);国家档案馆;口精准推送;口其他。',
      ['website'],
    ],
    ['■街道文化站/(社区)综合性文化服务中心公示栏', ['bulletin-board']],
    ['■乡镇便民服务中心', ['service-station']],
    // plain lists with every separator
    ['政府网站、政务服务中心、公示栏', ['website', 'service-center', 'bulletin-board']],
    ['政府网站，政务微博，政务微信', ['website', 'new-media']],
    ['政府网站,公开查阅点,政务服务中心', ['website', 'reading-point', 'service-center']],
    ['政府网站/广播/电视', ['website', 'radio-tv']],
    ['门户网站；村务公开栏；短信', ['website', 'bulletin-board', 'targeted-push']],
    ['政府门户网站\n公开栏\n12345', ['website', 'bulletin-board', 'hotline-12345']],
    ['行政村公示栏 乡镇公示栏', ['bulletin-board']],
    ['政务 服务中心 政府网站', ['service-center', 'website']],
    ['1.政府网站; 2.其他', ['website', 'other']],
    ['1、政府网站 2、报纸 3、档案馆', ['website', 'print-media', 'reading-point']],
    ['①政府网站②政府公报③新闻发布会', ['website', 'gazette', 'press-conference']],
    ['发布会/听证会、入户/现场', ['press-conference', 'on-site']],
    ['社区/企事业单位/村公示栏', ['bulletin-board']],
    ['社区/企事业单位、村公示栏', ['bulletin-board']],
    ['两微一端 一微一端 客户端', ['new-media']],
    ['办事大厅', ['service-center']],
    ['广播电视 报刊', ['radio-tv', 'print-media']],
    ['■政府网站 ■其他法律服务网 注:有关公开信息可推送或归集至本省级法律服务网。', ['website', 'other']],
    // the standard names, as exported
    [CHANNELS.map((c) => c.name).join('、'), CHANNELS.map((c) => c.code)],
  ])('%s', (cell, codes, unknown = []) => {
    expect(parseChannels(cell)).toEqual({ codes, unknown });
  });

  it('reports what it does not know, and keeps what it does', () => {
    expect(parseChannels('■政府网站 ■公共资源交易平台 ■信用中国网站')).toEqual({
      codes: ['website'],
      unknown: ['公共资源交易平台', '信用中国网站'],
    });
    expect(parseChannels('政府网站、投资项目在线审批监管平台')).toEqual({
      codes: ['website'],
      unknown: ['投资项目在线审批监管平台'],
    });
  });

  it('reads nothing from an empty cell or an all-unticked list', () => {
    expect(parseChannels('')).toEqual({ codes: [], unknown: [] });
    expect(parseChannels(null)).toEqual({ codes: [], unknown: [] });
    expect(parseChannels('□政府网站 □政府公报')).toEqual({ codes: [], unknown: [] });
  });

  it('does not take 窗口 or 人口 for an empty box', () => {
    expect(parseChannels('办事窗口、政府网站')).toEqual({ codes: ['website'], unknown: ['办事窗口'] });
  });
});
