// "Already in the target language?" from scripts, distinctive characters and common words.
import * as assert from 'node:assert/strict';
import { findLanguage, resolveLanguage, type Language } from '../../../src/core/prompts/languages';
import { isInLanguage } from '../../../src/core/translate';

const lang = (code: string): Language => findLanguage(code)!;

describe('language detection', () => {
  const cases: Array<[string, string, boolean]> = [
    ['计算购物车的总价。', 'zh-cn', true],
    ['計算購物車的總價，這個數據會顯示。', 'zh-cn', false],
    ['計算購物車的總價，這個數據會顯示。', 'zh-tw', true],
    ['这个数据会显示在页面上。', 'zh-tw', false],
    ['Sum the prices for every item in the cart.', 'zh-cn', false],
    ['Sum the prices for every item in the cart.', 'en', true],
    ['用 `reduce` 计算 total 的值', 'zh-cn', true],
    ['カートの合計を計算します。', 'ja', true],
    ['カートの合計を計算します。', 'zh-cn', false],
    ['장바구니의 합계를 계산합니다.', 'ko', true],
    ['Berechnet die Summe für den Warenkorb und gibt sie zurück.', 'de', true],
    ['Berechnet die Summe für den Warenkorb und gibt sie zurück.', 'en', false],
    ['Calcule le total pour chaque article du panier.', 'fr', true],
    ['Calcula el total de cada artículo en el carrito.', 'es', true],
    ['Вычисляет сумму корзины.', 'ru', true],
    ['Обчислює суму кошика і її повертає.', 'ru', false],
    ['Обчислює суму кошика і її повертає.', 'uk', true],
    ['Total price', 'en', true],
    ['Total price', 'de', false],
  ];
  for (const [text, code, expected] of cases) {
    it(`${JSON.stringify(text)} is ${expected ? '' : 'not '}in ${code}`, () => assert.equal(isInLanguage(text, lang(code)), expected));
  }

  it('never skips for a language named freely', () => {
    assert.equal(isInLanguage('Saluton, mondo.', resolveLanguage('Esperanto', 'en')), false);
  });

  it('maps settings and display languages', () => {
    assert.equal(resolveLanguage('', 'zh-cn').english, 'Simplified Chinese');
    assert.equal(resolveLanguage('', 'zh-tw').code, 'zh-tw');
    assert.equal(resolveLanguage('', 'pt-br').code, 'pt-br');
    assert.equal(resolveLanguage('', 'en-us').code, 'en');
    assert.equal(resolveLanguage('zh-Hans', 'en').code, 'zh-cn');
    assert.equal(resolveLanguage('German', 'en').code, 'de');
    assert.equal(resolveLanguage('日本語', 'en').code, 'ja');
    assert.equal(resolveLanguage('Klingon', 'en').english, 'Klingon');
  });
});
